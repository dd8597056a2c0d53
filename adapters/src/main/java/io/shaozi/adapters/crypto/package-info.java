/**
 * The WXBizMsgCrypt AES envelope shared by WeChat MP (safe/compatible mode), WeCom and DingTalk HTTP
 * callbacks (docs/platform-protocols.md §1). Entry point: {@link io.shaozi.adapters.crypto.MsgCrypt}.
 */
package io.shaozi.adapters.crypto;
