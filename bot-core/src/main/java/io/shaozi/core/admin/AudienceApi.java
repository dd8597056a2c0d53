package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.audience.Audience;
import io.shaozi.core.audience.AudienceResolver;
import io.shaozi.core.audience.AudienceSize;
import io.shaozi.core.content.ContentKind;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Role;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audiences (ADMIN/LEADER/STREET_CADRE, bearer tokens of {@link AdminAuth}):
 * <pre>
 * POST /api/audiences/preview  {"kind", "residents": {"all"|"communities"}, "members": {"all"|"branches"},
 *                               "staff": {"departments", "roles"}, "people": [ids]}
 *                              → {"total", "byChannel", "residents", "people", "unreachable"}
 * </pre>
 * 400 names the problem: an unknown community, branch, department, role or person, or an audience that matches
 * nobody. {@code kind} (default {@code notice}) matters for residents who replied 退订: only an emergency reaches
 * them, when {@code push.unsubscribedGetEmergency} is on.
 */
public final class AudienceApi {
    private final AudienceResolver resolver;
    private final AdminAuth auth;

    public AudienceApi(AudienceResolver resolver, AdminAuth auth) {
        this.resolver = resolver;
        this.auth = auth;
    }

    public void routes(Router r) {
        r.post("/api/audiences/preview", this::preview);
    }

    WebResponse preview(WebRequest req) {
        AdminAuth.require(auth.auth(req), Role.ADMIN, Role.LEADER, Role.STREET_CADRE);
        JsonNode b = req.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.parse(req.body());
        if (!b.isObject()) {
            throw HttpError.badRequest("body must be a JSON object");
        }
        ContentKind kind = AdminInput.text(b, "kind").map(k -> ContentKind.parse(k).orElseThrow(() ->
                HttpError.badRequest("kind must be one of " + String.join(", ", ContentKind.codes()))))
                .orElse(ContentKind.NOTICE);
        Audience a = audience(b);
        List<String> problems = resolver.problems(a);
        if (!problems.isEmpty()) {
            throw HttpError.badRequest(String.join("; ", problems));
        }
        AudienceSize size = resolver.size(a, kind);
        if (size.total() == 0) {
            throw HttpError.badRequest("audience matches nobody (no reachable recipient)"
                    + (size.unreachable().isEmpty() ? "" : "; without an address: " + String.join(", ", size.unreachable())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind.code());
        out.put("total", size.total());
        out.put("byChannel", size.byChannel());
        out.put("residents", size.residents());
        out.put("people", size.people());
        out.put("unreachable", size.unreachable());
        return WebResponse.json(200, out);
    }

    /**
     * The audience of a preview or campaign body. {@code residents} and {@code members} are objects
     * ({@code {"all": true}}, {@code {"communities": [...]}} / {@code {"branches": [...]}}), or in short
     * {@code "all"} or the list of codes.
     */
    static Audience audience(JsonNode b) {
        JsonNode res = shorthand(b, "residents", "communities");
        JsonNode mem = shorthand(b, "members", "branches");
        JsonNode staff = section(b, "staff");
        Set<Role> roles = new LinkedHashSet<>();
        for (String r : AdminInput.strings(staff, "roles")) {
            try {
                roles.add(Role.parse(r));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("staff.roles: " + e.getMessage());
            }
        }
        return new Audience(flag(res, "residents.all"), Set.copyOf(AdminInput.strings(res, "communities")),
                flag(mem, "members.all"), Set.copyOf(AdminInput.strings(mem, "branches")),
                Set.copyOf(AdminInput.strings(staff, "departments")), roles,
                List.copyOf(new LinkedHashSet<>(AdminInput.strings(b, "people"))));
    }

    private static JsonNode shorthand(JsonNode b, String key, String listKey) {
        JsonNode v = b.get(key);
        if (v != null && v.isTextual()) {
            if (!"all".equals(v.asText())) {
                throw HttpError.badRequest(key + " must be \"all\", a list of codes or an object");
            }
            return Json.MAPPER.createObjectNode().put("all", true);
        }
        if (v != null && v.isArray()) {
            com.fasterxml.jackson.databind.node.ObjectNode n = Json.MAPPER.createObjectNode();
            n.set(listKey, v);
            return n;
        }
        return section(b, key);
    }

    private static JsonNode section(JsonNode b, String key) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!v.isObject()) {
            throw HttpError.badRequest(key + " must be an object");
        }
        return v;
    }

    private static boolean flag(JsonNode section, String name) {
        JsonNode v = section.get("all");
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw HttpError.badRequest(name + " must be true or false");
        }
        return v.booleanValue();
    }
}
