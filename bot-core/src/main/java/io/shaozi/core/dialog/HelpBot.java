package io.shaozi.core.dialog;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import java.util.List;

/** Answers every message with the Chinese help text: the bot before the full dialog is wired in. */
public final class HelpBot implements Bot {
    public static final String HELP = """
            您好，这里是社区「哨子」接诉即办服务。
            您可以直接描述遇到的问题，例如：“3号楼2单元楼道灯坏了”，我们会登记为哨单并派给负责部门。
            常用指令：帮助｜我的工单｜查询 工单号｜催办 工单号｜撤销 工单号｜人工""";

    @Override
    public List<Outbound> reply(Inbound inbound) {
        return List.of(new Outbound.Text(HELP));
    }
}
