/** TTL the cohort sync uses: 30 days, refreshed on every sync. */
export const TTD_DATA_DEFAULT_TTL_MINUTES = 43_200;
/** Longest TTL TTD takes: 180 days. */
export const TTD_DATA_MAX_TTL_MINUTES = 259_200;
/** Longest segment (data) `Name` TTD takes. */
export const TTD_DATA_MAX_NAME_LENGTH = 256;
/** Calls in flight at once per client: TTD asks integrations to keep to 4 concurrent calls. */
export const TTD_DEFAULT_MAX_CONCURRENCY = 4;
/** Body cap of production integrations: 2.5 MB. */
export const TTD_DATA_DEFAULT_MAX_BODY_BYTES = 2_500_000;
