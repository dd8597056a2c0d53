/**
 * Feishu / Lark (飞书): event subscription webhook ({@link io.shaozi.adapters.feishu.FeishuProtocol}) and the
 * message send API ({@link io.shaozi.adapters.feishu.FeishuClient}). See adapters/README-dingtalk-feishu.md.
 */
package io.shaozi.adapters.feishu;
