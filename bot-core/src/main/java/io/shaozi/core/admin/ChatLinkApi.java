package io.shaozi.core.admin;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;

/**
 * {@code POST /api/chat/link}: a link that opens the /chat/ page as the calling cadre (their own token, not the
 * operator's), so that their alerts arrive there and 收到 / 接单 act as them. Answer {@code {"url", "expiresAt"}}.
 */
public final class ChatLinkApi {
    static final Duration TTL = Duration.ofMinutes(10);
    private final AdminAuth authn;
    private final BiFunction<String, Duration, String> tokenFor;
    private final String baseUrl;
    private final java.time.Clock clock;

    /**
     * @param tokenFor the chat page's link token for a person id (ChatSessions::bindToken)
     * @param baseUrl  the server's public URL without a trailing slash
     */
    public ChatLinkApi(AdminAuth authn, BiFunction<String, Duration, String> tokenFor, String baseUrl,
                       java.time.Clock clock) {
        this.authn = authn;
        this.tokenFor = tokenFor;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public void routes(Router r) {
        r.post("/api/chat/link", this::link);
    }

    WebResponse link(WebRequest req) {
        Principal p = authn.auth(req);
        require(p, STAFF);
        if (p.role() == Role.ADMIN && "管理员".equals(p.actor().name()) || p.role() == Role.SYSTEM) {
            throw new HttpError(409, "运维令牌不对应具体人员，请用本人的令牌登录后获取聊天链接");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", baseUrl + "/chat/bind?t=" + tokenFor.apply(p.actor().id(), TTL));
        body.put("expiresAt", Instant.now(clock).plus(TTL).toString());
        return WebResponse.json(200, body);
    }
}
