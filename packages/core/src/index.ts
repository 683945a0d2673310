export { AudienceSdkError, type Platform } from './errors/audience-sdk-error.js';
export { ApiCallError, type ApiCallErrorOptions } from './errors/api-call-error.js';
export { AuthenticationError } from './errors/authentication-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export { ConfigurationError, type ConfigurationIssue } from './errors/configuration-error.js';
export { InvalidIdentifierError, type InvalidIdentifierReason } from './errors/invalid-identifier-error.js';
export { AbortError } from './errors/abort-error.js';

export { normalizeEmail, type NormalizeEmailOptions } from './normalize-email.js';
export { normalizePhone } from './normalize-phone.js';
export { normalizeMobileAdId } from './normalize-mobile-ad-id.js';
export { sha256, sha512, type HashEncoding } from './hash.js';
export { detectHash, hexToBase64, base64ToHex, type DetectedHash } from './detect-hash.js';
export { batches, type BatchOptions } from './batches.js';
export { writeJsonBody, type JsonBodyInput } from './json-body.js';

export { createHttpClient, type HttpAuth, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './http-client.js';
export type { ParsedErrorBody } from './api-error-from-response.js';
export type { RetryOptions } from './retry-options.js';
export { parseRetryAfter, retryDelay } from './retry-delay.js';
export { createTokenProvider, type IssuedToken, type TokenProvider, type TokenProviderOptions } from './token-provider.js';
export { createRateLimiter, type RateLimitObservation, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { readRateLimitHeaders, type RateLimitHeaders, type ReadRateLimitHeadersOptions } from './rate-limit-headers.js';
export { createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency-limiter.js';
export { redactText, redactUrl } from './redact.js';
export { parseOptions } from './parse-options.js';
export { sleep } from './sleep.js';

export type { SyncIssue, SyncOperation, SyncOptions, SyncProgress, SyncReport } from './sync-report.js';
export { SyncAccounting } from './sync-accounting.js';
export { prepareMembers, type PrepareMember, type PreparedMember } from './prepare-members.js';
export { runSync, type BatchOutcome, type RunSyncInput } from './run-sync.js';
export { DedupeTable } from './dedupe-table.js';
