package io.shaozi.core.store;

/** The ticket store contract on the local PostgreSQL, in a fresh schema. */
final class TicketStorePostgresTest extends TicketStoreContract {
    @Override
    TestDatabases.Engine engine() {
        return TestDatabases.Engine.POSTGRESQL;
    }
}
