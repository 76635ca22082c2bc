package dev.phpod.e2e;

import java.time.Duration;

/**
 * A MariaDB server in a podman container on podman's default network, where the played pods reach
 * it by its address (the e2e db image: Debian's mariadb-server, a database, user and password
 * 'shop'). Queried as root through its socket, from inside its container.
 */
final class DatabaseServer implements AutoCloseable {
    private final String name;
    private final String address;

    private DatabaseServer(String name, String address) {
        this.name = name;
        this.address = address;
    }

    static DatabaseServer start(String image, String name) {
        Podman.podman("rm", "-f", "-t", "0", name);
        Podman.podman("run", "-d", "--name", name, image, "phpod-e2e-db").check("starting MariaDB");
        DatabaseServer db = new DatabaseServer(name,
                Podman.podman("inspect", "--format", "{{.NetworkSettings.IPAddress}}", name).check("its address").out().strip());
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Podman.podman("exec", name, "mariadb", "-ushop", "-pshop", "-h127.0.0.1", "shop", "-e", "SELECT 1").exit() != 0) {
            if (System.nanoTime() > end) {
                String logs = Podman.podman("logs", name).err();
                db.close();
                throw new AssertionError("MariaDB did not accept the shop user within 60 s:\n" + logs);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return db;
    }

    String address() {
        return address;
    }

    /** The rows of a query on the shop database, tab-separated, one per line, without column names. */
    String query(String sql) {
        return Podman.podman("exec", name, "mariadb", "-N", "-B", "shop", "-e", sql).check(sql).out();
    }

    void recreateDatabase(String database) {
        Podman.podman("exec", name, "mariadb", "-e", "DROP DATABASE IF EXISTS " + database + "; CREATE DATABASE " + database + ";")
                .check("a new database");
    }

    @Override
    public void close() {
        Podman.podman("rm", "-f", "-t", "0", name);
    }
}
