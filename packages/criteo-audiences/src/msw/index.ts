export { createCriteoAudiencesMock, type CriteoAudiencesMock, type CriteoAudiencesMockOptions } from './criteo-audiences-mock.js';
export type { CriteoMockFault, CriteoMockFaultOptions } from './criteo-mock-faults.js';
export type { CriteoMockSegment, CriteoMockSegmentType, CriteoMockState } from './criteo-mock-state.js';
export type { CriteoMockProblem, CriteoProblemType } from './criteo-mock-errors.js';
