package io.shaozi.core.store;

/** The ticket store contract on H2 (PostgreSQL mode). */
final class TicketStoreH2Test extends TicketStoreContract {
    @Override
    TestDatabases.Engine engine() {
        return TestDatabases.Engine.H2;
    }
}
