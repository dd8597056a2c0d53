/**
 * Internals shared by the WeChat MP ({@code wechat}) and WeCom ({@code wecom}) adapters: timestamp freshness,
 * inbound field mapping, reply XML, the {@code cgi-bin} API caller with token handling, and a rate limiter.
 * Public only because two packages use it; bot-core should use the {@code wechat} / {@code wecom} APIs instead.
 */
package io.shaozi.adapters.tencent;
