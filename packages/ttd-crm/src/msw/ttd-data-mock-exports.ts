export { createTtdDataMock, type TtdDataMock, type TtdDataMockOptions } from './ttd-data-mock.js';
export type { TtdDataMembership, TtdDataMockState, TtdDataOptOutRecord } from './ttd-data-mock-state.js';
