/*
 * Starts one real Elasticsearch 8 node for Tianluo's test suite.
 *
 * Why this exists: this machine reaches Maven Central but not Elastic's download site, so the
 * usual tarball (bin/elasticsearch, its CLI launcher, bundled JDK, modules/) is out of reach.
 * Maven Central does carry the server jar (org.elasticsearch:elasticsearch) and the netty4
 * HTTP/transport plugin (org.elasticsearch.plugin:transport-netty4). This class does the few
 * steps of org.elasticsearch.bootstrap.Elasticsearch that a single test node needs, with the
 * server's own public classes:
 *
 *   1. read ES_HOME/config/elasticsearch.yml into an Environment (InternalSettingsPreparer),
 *   2. configure ES logging from ES_HOME/config/log4j2.properties (LogConfigurator),
 *   3. load ES_HOME/modules/* as real ES modules (PluginsLoader; only transport-netty4 is there),
 *   4. construct and start a Node, and close it cleanly on SIGTERM (scripts/services/elasticsearch.sh stop).
 *
 * What it skips, on purpose: the CLI process (keystore, security auto-configuration, daemonize),
 * entitlement/security-manager sandboxing, native controllers, and the production bootstrap
 * checks (which ES itself only enforces when bound to a non-loopback address).
 *
 * Usage: java --module-path ES_HOME/lib --add-modules ALL-MODULE-PATH -cp CLASSES EsNodeLauncher ES_HOME
 */

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginBundle;
import org.elasticsearch.plugins.PluginsLoader;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class EsNodeLauncher {
    private static volatile boolean stopping;

    private EsNodeLauncher() {}

    /** LogConfigurator.setClusterName exists in Elasticsearch 8 only (9 reads it from the settings). */
    private static void setClusterName(String name) {
        try {
            LogConfigurator.class.getMethod("setClusterName", String.class).invoke(null, name);
        } catch (NoSuchMethodException e) {
            // Elasticsearch 9: nothing to do
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: EsNodeLauncher ES_HOME");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();

        // Same order as bootstrap phase 1: listen for log4j status errors, then read settings, then logging.
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureESLogging(); // ES's logging facade, needed while the yml is parsed
        Settings initial = Settings.builder().put(Environment.PATH_HOME_SETTING.getKey(), home.toString()).build();
        Environment env = InternalSettingsPreparer.prepareEnvironment(initial, Map.of(), home.resolve("config"), () -> "tianluo-es");
        setClusterName(ClusterName.CLUSTER_NAME_SETTING.get(env.settings()).value());
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.configure(env, true);

        // Real module loading: reads each modules/<name>/plugin-descriptor.properties and builds a module layer.
        Set<PluginBundle> modules = PluginsLoader.loadModulesBundles(env.modulesDir());
        PluginsLoader pluginsLoader = PluginsLoader.createPluginsLoader(modules, Set.of(), Map.of());

        Node node = new Node(env, pluginsLoader);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, stopped), "tianluo-es-shutdown"));

        try {
            node.start();
        } catch (IllegalStateException e) {
            if (stopping) {
                return; // SIGTERM arrived while the node was starting; the shutdown hook closed it
            }
            throw e;
        }
        // Node threads are daemons; keep the JVM alive until the shutdown hook has closed the node.
        stopped.await();
    }

    private static void stop(Node node, CountDownLatch stopped) {
        stopping = true;
        try {
            node.prepareForClose();
            node.close();
            if (node.awaitClose(20, TimeUnit.SECONDS) == false) {
                System.err.println("elasticsearch node did not close within 20 seconds");
            }
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            Configurator.shutdown((LoggerContext) org.apache.logging.log4j.LogManager.getContext(false));
            stopped.countDown();
        }
    }
}
