/** A TTD data centre to upload to; TTD replicates to the others (except China). */
export type TtdDataRegion = 'us-east' | 'us-west' | 'eu' | 'apac' | 'tokyo' | 'china';

/**
 * The documented Data API host of each region.
 * @example
 * TTD_DATA_HOSTS['eu']; // 'https://euw-data.adsrvr.org'
 */
export const TTD_DATA_HOSTS: Readonly<Record<TtdDataRegion, string>> = {
  'us-east': 'https://use-data.adsrvr.org',
  'us-west': 'https://usw-data.adsrvr.org',
  eu: 'https://euw-data.adsrvr.org',
  apac: 'https://sin-data.adsrvr.org',
  tokyo: 'https://tok-data.adsrvr.org',
  china: 'https://data-cn2.adsrvr.cn',
};

export const TTD_DATA_REGIONS = Object.keys(TTD_DATA_HOSTS) as TtdDataRegion[];

/** Paths of the two endpoints the client calls. */
export const TTD_DATA_PATHS = {
  advertiser: '/data/advertiser',
  optOut: '/data/deletion-optout/advertiser',
} as const;
