package io.shaozi.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final WebHandler OK = req -> WebResponse.text(200, "ok");

    private final Router router = new Router()
            .get("/healthz", OK)
            .get("/wechat/{account}", OK)
            .post("/wechat/{account}", OK)
            .post("/api/tickets/{number}/actions", OK)
            .get("/chat/*", OK);

    @Test
    void match_bindsPathVariables() {
        Router.Match m = router.match("POST", "/api/tickets/2026112800001/actions");
        assertThat(m).isInstanceOf(Router.Match.Found.class);
        assertThat(((Router.Match.Found) m).vars()).isEqualTo(Map.of("number", "2026112800001"));
        assertThat(((Router.Match.Found) m).route().pattern()).isEqualTo("/api/tickets/{number}/actions");
    }

    @Test
    void match_wrongMethodIsMethodNotAllowedWithAllowedSet() {
        assertThat(router.match("DELETE", "/wechat/a1"))
                .isEqualTo(new Router.Match.MethodNotAllowed(Set.of("GET", "POST")));
    }

    @Test
    void match_unknownOrPartialPathIsNotFound() {
        assertThat(router.match("GET", "/wechat")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match("GET", "/wechat/")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match("GET", "/wechat/a/b")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match("GET", "/healthz/x")).isInstanceOf(Router.Match.NotFound.class);
    }

    @Test
    void match_wildcardTakesTheRest() {
        Router.Match m = router.match("GET", "/chat/js/app.js");
        assertThat(((Router.Match.Found) m).vars()).containsEntry("*", "js/app.js");
        assertThat(((Router.Match.Found) router.match("GET", "/chat/")).vars()).containsEntry("*", "");
    }

    @Test
    void headIsServedByGetRoutes() {
        assertThat(router.match("HEAD", "/healthz")).isInstanceOf(Router.Match.Found.class);
    }

    @Test
    void add_rejectsRelativePattern() {
        assertThatThrownBy(() -> new Router().get("healthz", OK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void match_neverThrowsOnArbitraryPaths(@ForAll String method, @ForAll String path) {
        assertThat(router.match(method, "/" + path)).isInstanceOfAny(Router.Match.Found.class,
                Router.Match.MethodNotAllowed.class, Router.Match.NotFound.class);
    }
}
