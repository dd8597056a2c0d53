package io.shaozi.core.app;

import io.shaozi.nlp.cli.NlpCommands;
import java.io.PrintStream;
import java.util.List;

/** Delegates {@code classify}, {@code train} and {@code eval} to the nlp module's commands. */
final class Nlp {
    private Nlp() {
    }

    static int run(String command, List<String> args, PrintStream out, PrintStream err) {
        return switch (command) {
            case "classify" -> NlpCommands.classify(args, out, err);
            case "train" -> NlpCommands.train(args, out, err);
            case "eval" -> NlpCommands.eval(args, out, err);
            default -> throw new IllegalArgumentException("not an nlp command: " + command);
        };
    }
}
