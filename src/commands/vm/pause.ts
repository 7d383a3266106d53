import { lifecycleCommand } from '../../lifecycle-command.js';

export default lifecycleCommand('pause');
