package io.shaozi.core.audience;

import java.util.Objects;
import java.util.Optional;

/**
 * One recipient of an audience with what reports group by: the person of the organisation it is (empty for a
 * resident), their community and their Party branch.
 */
public record Target(Recipient to, Optional<String> person, Optional<String> community, Optional<String> branch) {
    public Target {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(branch, "branch");
    }
}
