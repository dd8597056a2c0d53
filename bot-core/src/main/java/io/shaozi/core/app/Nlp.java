package io.shaozi.core.app;

import java.io.PrintStream;
import java.util.List;

/** Delegates {@code classify}, {@code train} and {@code eval} to the nlp module's commands. */
final class Nlp {
    private Nlp() {
    }

    static int run(String command, List<String> args, PrintStream out, PrintStream err) {
        err.println(command + ": not available yet (the request classifier lands with issue 3)");
        return 2;
    }
}
