package io.shaozi.core.identity;

import java.util.Optional;

/** Stores the organisation (implemented by {@code store.OrgJdbc}). The org is small: it is saved whole. */
public interface OrgRepository {
    /** The stored org; empty before the first save. */
    Optional<Org> load();

    /** Replaces the stored org in one transaction. */
    void save(Org org);
}
