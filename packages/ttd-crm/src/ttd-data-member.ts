import type { TtdDataIdKey } from './ttd-data-id-fields.js';

type OnlyId<K extends TtdDataIdKey> = { [P in K]: string } & { [P in Exclude<TtdDataIdKey, K>]?: never };

/**
 * One person for the TTD Data API: exactly one identifier.
 * - `tdid`: The Trade Desk id, a 36-character GUID.
 * - `daid`: a raw device advertising id (IDFA / AAID), a 36-character GUID.
 * - `uid2` / `euid`: a raw UID2 / EUID (case-sensitive, sent as given).
 * - `uid2Token` / `euidToken`: an encrypted UID2 / EUID token (case-sensitive, sent as given).
 * - `rampId`: a LiveRamp RampID.
 * @example
 * const members: TtdDataMember[] = [{ tdid: '2b6f1a9c-4a8e-4d8e-9c1e-0a4b2c6d8e10' }, { uid2: 'A4mWq...=' }];
 */
export type TtdDataMember =
  | OnlyId<'tdid'>
  | OnlyId<'daid'>
  | OnlyId<'uid2'>
  | OnlyId<'uid2Token'>
  | OnlyId<'euid'>
  | OnlyId<'euidToken'>
  | OnlyId<'rampId'>;
