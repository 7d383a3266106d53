import type { Rejection } from '../core/placement/place.js';
import { table } from './table.js';

/** Every host's every reason for refusing a VM: the table `vm create` and the demo print alike. */
export function renderRejections(rejections: Rejection[], width?: number): string {
  return table(['HOST', 'FILTER', 'REASON'], rejections.map((r) => [r.host, r.filter, r.reason]), [],
    { fit: { squeeze: 'REASON' }, ...(width === undefined ? {} : { width }) });
}
