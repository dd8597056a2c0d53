package io.shaozi.core.app;

import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.nlp.NlpSettings;
import io.shaozi.nlp.cli.NlpCommands;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The analyzer settings the server and {@code ./bot classify} share, and {@code train} and {@code eval}, which
 * are the nlp module's commands.
 */
final class Nlp {
    private Nlp() {
    }

    /** The analyzer settings of a configuration; relative paths resolve against {@code home}. */
    static NlpSettings settings(ShaoziConfig.Nlp nc, Path home) {
        return new NlpSettings(Wiring.file(home, nc.model()), Wiring.file(home, nc.categories()), nc.unsureThreshold());
    }

    static int run(String command, List<String> args, PrintStream out, PrintStream err) {
        return switch (command) {
            case "train" -> NlpCommands.train(args, out, err);
            case "eval" -> NlpCommands.eval(args, out, err);
            default -> throw new IllegalArgumentException("not an nlp command: " + command);
        };
    }
}
