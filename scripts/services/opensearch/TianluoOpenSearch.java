// Starts one OpenSearch node for Tianluo's tests with the codelibs runner; blocks until killed.
// Run in source-file mode: java -cp 'lib/*' TianluoOpenSearch.java BASE_DIR HTTP_PORT TRANSPORT_PORT
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;

public class TianluoOpenSearch {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TianluoOpenSearch BASE_DIR HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        String baseDir = args[0];
        String httpPort = args[1];
        String transportPort = args[2];
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", httpPort);
            settings.put("transport.port", transportPort);
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("action.destructive_requires_name", "false");
        }).build(OpenSearchRunner.newConfigs()
                .basePath(baseDir)
                .numOfNode(1)
                .clusterName("tianluo-test")
                .printOnFailure());
        runner.ensureYellow();
        System.out.println("tianluo-opensearch: ready on http://127.0.0.1:" + httpPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
