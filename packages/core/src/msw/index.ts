export { recordRequest, type RecordedCall } from './call-log.js';
export { createFaultScript, faultResponse, seededRandom, type Fault, type FaultMatch, type FaultScript } from './fault-script.js';
export { withFaults } from './with-faults.js';
