/**
 * The WXBizMsgCrypt AES envelope shared by WeChat MP (safe/compatible mode), WeCom and DingTalk HTTP
 * callbacks (the public sources are listed below; the repository's docs/platform-notes.md, "The shared AES
 * envelope", summarises them). Entry point: {@link io.shaozi.adapters.crypto.MsgCrypt}.
 *
 * <p>Public sources: WeChat MP message encryption
 * (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html),
 * WeCom callback encryption (https://developer.work.weixin.qq.com/document/path/90968), DingTalk event subscription
 * (https://open.dingtalk.com/document/orgapp/configure-event-subcription).
 */
package io.shaozi.adapters.crypto;
