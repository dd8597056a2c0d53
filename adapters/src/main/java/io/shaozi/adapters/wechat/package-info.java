/**
 * WeChat Official Account (公众号): {@link io.shaozi.adapters.wechat.WeChatProtocol} for
 * {@code GET|POST /wechat/{account}} (verify, decrypt, parse, render) and
 * {@link io.shaozi.adapters.wechat.WeChatClient} for customer-service, template and subscribe messages.
 */
package io.shaozi.adapters.wechat;
