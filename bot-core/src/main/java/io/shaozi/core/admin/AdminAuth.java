package io.shaozi.core.admin;

import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who calls the admin APIs: {@code admin.token} from the config acts as {@code ADMIN}; per-user tokens (issued with
 * {@code POST /api/org/people/{id}/tokens}) act with that person's role. Missing or unknown token → 401, role not
 * allowed → 403. Every admin API (tickets, metrics, organisation, hand-offs) authenticates here.
 */
public final class AdminAuth {
    private final OrgService org;
    private final byte[] adminToken;

    /** @param adminToken the operator token ({@code admin.token}); empty disables it */
    public AdminAuth(OrgService org, String adminToken) {
        this.org = org;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /** The caller of an admin request: 401 without a valid bearer token. */
    public Principal auth(WebRequest req) {
        String h = req.header("authorization").orElse("").trim();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpError(401, "未登录：缺少 Bearer 令牌（missing bearer token）");
        }
        String token = h.substring(7).trim();
        if (token.isEmpty()) {
            throw new HttpError(401, "未登录：缺少 Bearer 令牌（missing bearer token）");
        }
        if (adminToken.length > 0 && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return new Principal(Actor.of(OPERATOR_ID, "管理员", Role.ADMIN));
        }
        Org.Person p = org.authenticate(token).orElseThrow(() -> new HttpError(401, "令牌无效或已吊销（invalid token）"));
        return new Principal(new Actor(p.id(), p.name(), p.role(), p.department(), p.community()));
    }

    /** The actor id of the config's operator token. */
    static final String OPERATOR_ID = "admin";

    /** 403 unless the caller has one of {@code roles}. */
    static void require(Principal p, Role... roles) {
        for (Role r : roles) {
            if (p.role() == r) {
                return;
            }
        }
        throw new HttpError(403, "角色「" + p.role().label() + "」无权执行此操作");
    }

    /** Every staff role (not residents, not the system). */
    static final Role[] STAFF = {Role.ADMIN, Role.LEADER, Role.STREET_CADRE, Role.DEPARTMENT_STAFF,
        Role.COMMUNITY_WORKER, Role.GRID_WORKER};
}
