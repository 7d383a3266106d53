import { hostStateCommand } from '../../../host-state-command.js';

export default hostStateCommand('power-on');
