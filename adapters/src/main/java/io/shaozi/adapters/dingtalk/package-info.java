/**
 * DingTalk (钉钉): robot HTTP callback ({@link io.shaozi.adapters.dingtalk.DingTalkRobotProtocol}), encrypted
 * event subscription ({@link io.shaozi.adapters.dingtalk.DingTalkEventProtocol}) and outbound sends
 * ({@link io.shaozi.adapters.dingtalk.DingTalkClient}). See adapters/README-dingtalk-feishu.md.
 */
package io.shaozi.adapters.dingtalk;
