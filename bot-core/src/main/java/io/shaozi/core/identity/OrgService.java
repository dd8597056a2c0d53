package io.shaozi.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The organisation as the running service sees it: seeded from {@code config/org.yaml} on first start, then kept in
 * the database and edited through the admin API. Also issues and checks per-user API tokens.
 */
public final class OrgService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final OrgRepository repo;
    private final TokenRepository tokens;
    private final Clock clock;
    private volatile Org current;

    /** Loads the stored org, or stores {@code seed} when there is none yet. */
    public OrgService(OrgRepository repo, TokenRepository tokens, Clock clock, Org seed) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        Optional<Org> stored = repo.load();
        if (stored.isPresent()) {
            current = stored.get();
        } else {
            repo.save(seed);
            current = seed;
        }
    }

    public Org current() {
        return current;
    }

    public synchronized Org upsertDepartment(Org.Department d) {
        return edit(o -> o.withDepartment(d));
    }

    public synchronized Org upsertCommunity(Org.Community c) {
        return edit(o -> o.withCommunity(c));
    }

    public synchronized Org upsertPerson(Org.Person p) {
        return edit(o -> o.withPerson(p));
    }

    public synchronized Org upsertBranch(Org.Branch b) {
        return edit(o -> o.withBranch(b));
    }

    /**
     * Replaces the people by an imported list, all or nothing (the org is saved whole in one transaction): people in
     * {@code imported} are added or updated by id (and reactivated), people before but absent from it are deactivated
     * (kept, with the time) and their tokens revoked.
     *
     * @throws IllegalArgumentException when the resulting org has problems (nothing is changed then)
     */
    public synchronized Org importPeople(List<Org.Person> imported) {
        java.time.Instant now = clock.instant();
        java.util.Map<String, Org.Person> byId = new java.util.LinkedHashMap<>();
        imported.forEach(p -> byId.put(p.id(), p));
        List<Org.Person> next = new java.util.ArrayList<>();
        List<String> removed = new java.util.ArrayList<>();
        for (Org.Person old : current.people()) {
            Org.Person p = byId.remove(old.id());
            if (p != null) {
                next.add(p);
            } else if (old.active()) {
                next.add(old.deactivated(now));
                removed.add(old.id());
            } else {
                next.add(old);
            }
        }
        next.addAll(byId.values());
        Org o = edit(x -> x.withPeople(next));
        removed.forEach(id -> tokens.revokeAll(id, now));
        return o;
    }

    /** Removes a person and revokes their tokens. */
    public synchronized Org removePerson(String id) {
        Org o = edit(x -> x.withoutPerson(id));
        tokens.revokeAll(id, clock.instant());
        return o;
    }

    private Org edit(UnaryOperator<Org> f) {
        Org next = f.apply(current);
        List<String> problems = next.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        repo.save(next);
        current = next;
        return next;
    }

    /** A new random token for a person (shown once; only its digest is stored). */
    public String issueToken(String personId, String label) {
        if (current.person(personId).filter(Org.Person::active).isEmpty()) {
            throw new IllegalArgumentException("unknown or deactivated person " + personId);
        }
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = "sz_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.store(sha256(token), personId, label, clock.instant());
        return token;
    }

    /** The person behind a token, if the token is live and the person still exists and is active. */
    public Optional<Org.Person> authenticate(String token) {
        if (token.isBlank()) {
            return Optional.empty();
        }
        return tokens.personFor(sha256(token)).flatMap(current::person).filter(Org.Person::active);
    }

    public int revokeTokens(String personId) {
        return tokens.revokeAll(personId, clock.instant());
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
