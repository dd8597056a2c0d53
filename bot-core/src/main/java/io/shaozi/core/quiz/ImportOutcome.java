package io.shaozi.core.quiz;

import java.util.List;

/** What an import did: every question imported, or nothing imported and every error found. */
public sealed interface ImportOutcome {
    record Imported(int count) implements ImportOutcome {
    }

    record Refused(List<CsvError> errors) implements ImportOutcome {
        public Refused {
            errors = List.copyOf(errors);
        }
    }
}
