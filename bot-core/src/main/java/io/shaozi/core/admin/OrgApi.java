package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.http.InputGate;
import io.shaozi.core.http.Json;
import io.shaozi.core.http.Router;
import io.shaozi.core.http.WebRequest;
import io.shaozi.core.http.WebResponse;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.identity.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;
import static io.shaozi.core.admin.AdminInput.limit;
import static io.shaozi.core.admin.AdminInput.required;
import static io.shaozi.core.admin.AdminInput.strings;
import static io.shaozi.core.admin.AdminInput.text;

/** {@code /api/org}: departments, communities, people and their API tokens (changes: {@code ADMIN} only). */
final class OrgApi {
    private final OrgService org;
    private final AdminAuth authn;

    OrgApi(OrgService org, AdminAuth authn) {
        this.org = org;
        this.authn = authn;
    }

    void routes(Router r) {
        r.get("/api/org", this::getOrg);
        r.post("/api/org/departments", this::putDepartment);
        r.post("/api/org/communities", this::putCommunity);
        r.post("/api/org/people", this::putPerson);
        r.add("DELETE", "/api/org/people/{id}", this::deletePerson);
        r.post("/api/org/people/{id}/tokens", this::issueToken);
    }

    private Principal auth(WebRequest req) {
        return authn.auth(req);
    }

    WebResponse getOrg(WebRequest req) {
        Principal p = auth(req);
        require(p, STAFF);
        return WebResponse.json(200, OrgViews.org(org.current(), p.role().seesPhone()));
    }

    WebResponse putDepartment(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        Org.DepartmentKind kind;
        try {
            kind = Org.DepartmentKind.valueOf(text(b, "kind").orElse("street_office").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("kind must be district_bureau or street_office");
        }
        Org.Department d = new Org.Department(required(b, "code"), required(b, "name"), kind, strings(b, "duties"),
                OrgViews.notify(b.path("alerts")));
        return edit(() -> org.upsertDepartment(d));
    }

    WebResponse putCommunity(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        List<Org.Grid> grids = new ArrayList<>();
        JsonNode gridList = b.path("grids");
        if (!gridList.isMissingNode() && !gridList.isNull() && !gridList.isArray()) {
            throw HttpError.badRequest("grids must be a list");
        }
        for (JsonNode g : gridList) {
            grids.add(new Org.Grid(required(g, "code"), required(g, "name")));
        }
        Org.Community c = new Org.Community(required(b, "code"), required(b, "name"), grids, strings(b, "places"),
                OrgViews.notify(b.path("alerts")));
        return edit(() -> org.upsertCommunity(c));
    }

    WebResponse putPerson(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        Role role;
        try {
            role = Role.parse(required(b, "role"));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        if (role == Role.SYSTEM) {
            throw HttpError.badRequest("role system is reserved");
        }
        Org.Person person = new Org.Person(required(b, "id"), required(b, "name"), role, text(b, "department"),
                text(b, "community"), text(b, "grid"), text(b, "phone").orElse(""), OrgViews.notify(b.path("alerts")));
        return edit(() -> org.upsertPerson(person));
    }

    WebResponse deletePerson(WebRequest req) {
        require(auth(req), Role.ADMIN);
        String id = InputGate.id("id", req.pathVar("id"), limit("id").max());
        if (org.current().person(id).isEmpty()) {
            throw HttpError.notFound("no person " + id);
        }
        return edit(() -> org.removePerson(id));
    }

    WebResponse issueToken(WebRequest req) {
        require(auth(req), Role.ADMIN);
        String id = InputGate.id("id", req.pathVar("id"), limit("id").max());
        if (org.current().person(id).isEmpty()) {
            throw HttpError.notFound("no person " + id);
        }
        String label = req.body().length == 0 ? "api" : text(Json.parse(req.body()), "label").orElse("api");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("person", id);
        body.put("token", org.issueToken(id, label));
        return WebResponse.json(201, body);
    }

    private WebResponse edit(java.util.function.Supplier<Org> f) {
        try {
            return WebResponse.json(200, OrgViews.org(f.get(), true));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }
}
