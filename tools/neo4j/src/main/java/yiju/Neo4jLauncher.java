package yiju;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a Neo4j 5.26 LTS Community DBMS in-process with a Bolt connector on 127.0.0.1,
 * so that Python tests can talk to it with the official {@code neo4j} driver.
 *
 * <p>Usage: {@code java -cp ... yiju.Neo4jLauncher [HOME_DIR] [PORT]}
 *
 * <ul>
 *   <li>HOME_DIR: Neo4j home (data in HOME_DIR/data, logs in HOME_DIR/logs).
 *       Defaults to env {@code YIJU_NEO4J_HOME}, else {@code ./.neo4j}.</li>
 *   <li>PORT: Bolt port. Defaults to env {@code YIJU_NEO4J_PORT}, else 7687.</li>
 *   <li>{@code YIJU_NEO4J_PASSWORD}: if set (min. 8 chars), auth is enabled and the password of
 *       user {@code neo4j} is set to it; otherwise auth is disabled.</li>
 *   <li>{@code YIJU_NEO4J_PAGECACHE_MB} (default 256), {@code YIJU_NEO4J_TX_TIMEOUT_S} (default 300).</li>
 * </ul>
 *
 * <p>Prints {@code YIJU-NEO4J READY bolt://127.0.0.1:PORT} once the default database is available.
 * Shuts the DBMS down cleanly on SIGTERM/SIGINT (JVM shutdown hook).
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {}

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return (v == null || v.isBlank()) ? dflt : v.trim();
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            System.out.println("YIJU-NEO4J FAILED: " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            // Neo4j starts non-daemon threads: exit explicitly (the shutdown hook, if registered,
            // stops the DBMS cleanly).
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : env("YIJU_NEO4J_HOME", ".neo4j"))
                .toAbsolutePath()
                .normalize();
        int port = Integer.parseInt(args.length > 1 ? args[1] : env("YIJU_NEO4J_PORT", "7687"));
        long pageCacheMb = Long.parseLong(env("YIJU_NEO4J_PAGECACHE_MB", "256"));
        long txTimeoutS = Long.parseLong(env("YIJU_NEO4J_TX_TIMEOUT_S", "300"));
        String password = System.getenv("YIJU_NEO4J_PASSWORD");
        boolean authEnabled = password != null && !password.isEmpty();

        Files.createDirectories(home);
        System.out.printf("YIJU-NEO4J starting: home=%s port=%d auth=%s%n",
                home, port, authEnabled ? "enabled" : "disabled");
        System.out.flush();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(Map.of(
                        BoltConnector.enabled, true,
                        BoltConnector.listen_address, new SocketAddress("127.0.0.1", port),
                        BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port),
                        BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED,
                        GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"),
                        GraphDatabaseSettings.auth_enabled, authEnabled,
                        GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb),
                        GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutS),
                        // Keep the on-disk footprint small: no 256 MiB preallocated tx log files.
                        GraphDatabaseSettings.preallocate_logical_logs, false,
                        GraphDatabaseSettings.keep_logical_logs, "1 files"))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("YIJU-NEO4J shutting down");
            System.out.flush();
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                System.out.println("YIJU-NEO4J stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "yiju-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
            throw new IllegalStateException("default database did not become available");
        }

        if (authEnabled) {
            // Embedded transactions run with full (auth-bypassing) access, so the admin command works.
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            try {
                system.executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (RuntimeException e) {
                // Restart with an unchanged password: Neo4j refuses to "change" it to the same value.
                if (!String.valueOf(rootMessage(e)).contains("cannot be the same")) {
                    throw e;
                }
            }
        }

        System.out.printf("YIJU-NEO4J READY bolt://127.0.0.1:%d%n", port);
        System.out.flush();

        // Block until the shutdown hook has stopped the DBMS.
        stopped.await();
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
