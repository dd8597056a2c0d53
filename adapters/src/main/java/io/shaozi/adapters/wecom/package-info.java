/**
 * WeCom (企业微信) self-built app: {@link io.shaozi.adapters.wecom.WeComProtocol} for
 * {@code GET|POST /wecom/{app}} (always encrypted, CorpID as receive id, XML and JSON callbacks) and
 * {@link io.shaozi.adapters.wecom.WeComClient} for app messages to users, departments and tags.
 */
package io.shaozi.adapters.wecom;
