export { createLinkedInDmpMock, type LinkedInDmpMock, type LinkedInMockPerson } from './linkedin-dmp-mock.js';
export type {
  LinkedInDmpMockOptions,
  LinkedInDmpMockState,
  LinkedInMockMember,
  LinkedInMockSegment,
  LinkedInMockUserId,
} from './linkedin-mock-types.js';
export type { Fault, FaultMatch, RecordedCall } from '@x/core/msw';
