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
import io.shaozi.core.identity.PeopleCsv;
import io.shaozi.core.identity.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.shaozi.core.admin.AdminAuth.STAFF;
import static io.shaozi.core.admin.AdminAuth.require;
import static io.shaozi.core.admin.AdminInput.limit;
import static io.shaozi.core.admin.AdminInput.required;
import static io.shaozi.core.admin.AdminInput.strings;
import static io.shaozi.core.admin.AdminInput.text;

/**
 * {@code /api/org}: departments, communities, Party branches, people (one by one or imported from CSV) and their API
 * tokens (changes: {@code ADMIN} only).
 */
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
        r.post("/api/org/branches", this::putBranch);
        r.post("/api/org/people", this::putPerson);
        r.post("/api/org/people/import", this::importPeople);
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

    WebResponse putBranch(WebRequest req) {
        require(auth(req), Role.ADMIN);
        JsonNode b = Json.parse(req.body());
        String code = required(b, "code");
        String name = required(b, "name");
        String committee = required(b, "committee");
        Org o = org.current();
        if (o.committee(committee).isEmpty()) {
            throw HttpError.badRequest("committee: unknown committee " + committee + " (one of "
                    + String.join(", ", o.committees().stream().map(Org.Committee::code).toList()) + ")");
        }
        if (o.branch(code).isEmpty() && !o.name(code).equals(code)) {
            throw HttpError.badRequest("code: duplicate code " + code + " (already used by " + o.name(code) + ")");
        }
        return edit(() -> org.upsertBranch(new Org.Branch(code, name, committee)));
    }

    WebResponse importPeople(WebRequest req) {
        require(auth(req), Role.ADMIN);
        String type = req.header("content-type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            throw new HttpError(415, "Content-Type must be text/csv");
        }
        PeopleCsv.Result r = PeopleCsv.parse(req.body(), org.current());
        if (r instanceof PeopleCsv.Result.Invalid bad) {
            return WebResponse.json(400, Map.of("error", "CSV 有误，未导入任何数据（nothing imported）",
                    "errors", PeopleCsv.views(bad.errors())));
        }
        List<Org.Person> people = ((PeopleCsv.Result.Parsed) r).people();
        Org o;
        try {
            o = org.importPeople(people);
        } catch (IllegalArgumentException e) {
            return WebResponse.json(400, Map.of("error", "CSV 有误，未导入任何数据（nothing imported）",
                    "errors", PeopleCsv.views(List.of(new PeopleCsv.Error(0, "", e.getMessage())))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("imported", people.size());
        body.put("active", o.activePeople().size());
        body.put("inactive", o.people().size() - o.activePeople().size());
        return WebResponse.json(200, body);
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
        Optional<String> branch = text(b, "branch");
        if (branch.isPresent() && org.current().branch(branch.get()).isEmpty()) {
            throw HttpError.badRequest("branch: unknown branch " + branch.get());
        }
        if (role.partyMember() && branch.isEmpty()) {
            throw HttpError.badRequest("branch is required for role " + role.name().toLowerCase(java.util.Locale.ROOT));
        }
        Org.Person person = new Org.Person(required(b, "id"), required(b, "name"), role, text(b, "department"),
                text(b, "community"), text(b, "grid"), text(b, "phone").orElse(""), OrgViews.notify(b.path("alerts")),
                branch, Optional.empty());
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
