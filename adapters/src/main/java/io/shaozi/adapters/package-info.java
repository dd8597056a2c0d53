/** Platform protocols (WeChat, WeCom, DingTalk, Feishu, generic). Depends on nothing of Shaozi's. */
package io.shaozi.adapters;
