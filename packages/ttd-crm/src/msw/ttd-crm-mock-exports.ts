export {
  createTtdCrmMock,
  TTD_CRM_MOCK_BASE_URL,
  TTD_CRM_MOCK_UPLOAD_BASE_URL,
  type TtdCrmMock,
  type TtdCrmMockOptions,
} from './ttd-crm-mock.js';
export type { TtdCrmMockDrop, TtdCrmMockSegment, TtdCrmMockState } from './ttd-crm-mock-state.js';
