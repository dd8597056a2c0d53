package io.shaozi.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.HttpError;
import io.shaozi.core.identity.Org;
import io.shaozi.core.ticket.Reporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON shapes of the organisation. */
final class OrgViews {
    private OrgViews() {
    }

    static Map<String, Object> org(Org o, boolean showPhone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("district", unit(o.district().code(), o.district().name(), o.district().alerts()));
        m.put("street", unit(o.street().code(), o.street().name(), o.street().alerts()));
        List<Object> cs = new ArrayList<>();
        for (Org.Community c : o.communities()) {
            Map<String, Object> x = unit(c.code(), c.name(), c.alerts());
            List<Object> grids = new ArrayList<>();
            c.grids().forEach(g -> grids.add(Map.of("code", g.code(), "name", g.name())));
            x.put("grids", grids);
            x.put("places", c.places());
            cs.add(x);
        }
        m.put("communities", cs);
        List<Object> ds = new ArrayList<>();
        for (Org.Department d : o.departments()) {
            Map<String, Object> x = unit(d.code(), d.name(), d.alerts());
            x.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
            x.put("duties", d.duties());
            ds.add(x);
        }
        m.put("departments", ds);
        List<Object> cms = new ArrayList<>();
        for (Org.Committee c : o.committees()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", c.code());
            x.put("name", c.name());
            x.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            x.put("parent", c.parent());
            cms.add(x);
        }
        m.put("committees", cms);
        List<Object> bs = new ArrayList<>();
        for (Org.Branch b : o.branches()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", b.code());
            x.put("name", b.name());
            x.put("committee", b.committee());
            x.put("members", o.people().stream().filter(p -> p.active() && p.branch().equals(java.util.Optional.of(b.code()))).count());
            bs.add(x);
        }
        m.put("branches", bs);
        List<Object> ps = new ArrayList<>();
        for (Org.Person p : o.people()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", p.id());
            x.put("name", p.name());
            x.put("role", p.role().name().toLowerCase(java.util.Locale.ROOT));
            x.put("department", p.department().orElse(null));
            x.put("community", p.community().orElse(null));
            x.put("grid", p.grid().orElse(null));
            x.put("branch", p.branch().orElse(null));
            x.put("active", p.active());
            x.put("deactivatedAt", p.deactivatedAt().map(Object::toString).orElse(null));
            x.put("phone", showPhone ? p.phone() : Reporter.maskPhone(p.phone()));
            ps.add(x);
        }
        m.put("people", ps);
        return m;
    }

    private static Map<String, Object> unit(String code, String name, Optional<Org.Notify> alerts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", name);
        m.put("alerts", alerts.map(n -> Map.of("channel", n.channel(), "account", n.account(), "recipient", n.recipient()))
                .orElse(null));
        return m;
    }

    static Optional<Org.Notify> notify(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String channel = AdminInput.text(n, "channel").orElseThrow(() -> HttpError.badRequest("alerts.channel is required"));
        if (!Org.Notify.CHANNELS.contains(channel)) {
            throw HttpError.badRequest("unknown alerts.channel " + channel);
        }
        return Optional.of(new Org.Notify(channel,
                AdminInput.text(n, "account").orElseThrow(() -> HttpError.badRequest("alerts.account is required")),
                AdminInput.text(n, "recipient").orElseThrow(() -> HttpError.badRequest("alerts.recipient is required"))));
    }
}
