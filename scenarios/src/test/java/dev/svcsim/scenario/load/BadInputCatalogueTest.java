package dev.svcsim.scenario.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.scenario.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A catalogue of bad inputs. Each case is {@link #BASE} (a valid scenario) with one defect, and
 * asserts the exact problems: file, line, column, field path and message.
 */
class BadInputCatalogueTest {

  /**
   * A valid scenario. Line numbers, for reading the expectations:
   *
   * <pre>
   *  1 apiVersion: svcsim..     28 ---                 43 apiVersion: apps/v1
   *  6   seed: 42               29 apiVersion: v1      44 kind: Deployment
   *  7   duration: 60s          30 kind: Service       49   replicas: 2
   *  8   warmup: 5s             32   name: web         51     matchLabels: {app: web}
   * 11       mode: iptables     35   type: NodePort    56         svcsim.dev/service-time: ..
   * 13       - name: node-a     37     app: web        62             - name: http
   * 18     - name: users        39     - name: http    63               containerPort: 8080
   * 20       to: service/...    40       port: 80      64 ---  (added by plus(...))
   * 25     - at: 30s            41       targetPort: http  65 the first line of plus(...)
   * </pre>
   */
  static final String BASE =
      """
      apiVersion: svcsim.dev/v1
      kind: Scenario
      metadata:
        name: base
      spec:
        seed: 42
        duration: 60s
        warmup: 5s
        cluster:
          kubeProxy:
            mode: iptables
          nodes:
            - name: node-a
              zone: zone-1
            - name: node-b
              zone: zone-2
        traffic:
          - name: users
            from: external
            to: service/default/web:80
            rate: 100/s
            requestsPerConnection: 1
            thinkTime: const(1ms)
        events:
          - at: 30s
            action: failNode
            target: node/node-b
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: default
      spec:
        type: NodePort
        selector:
          app: web
        ports:
          - name: http
            port: 80
            targetPort: http
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: default
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
            annotations:
              svcsim.dev/service-time: exp(2ms)
          spec:
            containers:
              - name: web
                image: nginx
                ports:
                  - name: http
                    containerPort: 8080
      """;

  /** BASE with {@code find} (which must occur exactly once) replaced. */
  static String edit(String find, String replace) {
    int at = BASE.indexOf(find);
    if (at < 0 || BASE.indexOf(find, at + 1) >= 0) {
      throw new IllegalArgumentException("not exactly once in BASE: " + find);
    }
    return BASE.substring(0, at) + replace + BASE.substring(at + find.length());
  }

  /** BASE with one more document; its first line is line 65 of the file. */
  static String plus(String document) {
    return BASE + "---\n" + document;
  }

  static Arguments bad(String description, String text, String... expected) {
    return Arguments.of(description, text, List.of(expected));
  }

  static List<String> load(String text) {
    LoadResult r =
        new ScenarioLoader().load("bad.yaml", text.getBytes(StandardCharsets.UTF_8), null);
    return r.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void theBaseIsValidAndQuiet() {
    LoadResult r =
        new ScenarioLoader().load("bad.yaml", BASE.getBytes(StandardCharsets.UTF_8), null);
    assertEquals("", r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
    assertTrue(r.ok());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void reportsExactly(String description, String text, List<String> expected) {
    assertEquals(String.join("\n", expected), String.join("\n", load(text)), description);
  }

  @Test
  void namedTargetPortMissingOnThePodsIsAWarningNamingThePods() {
    String text = edit("      targetPort: http\n", "      targetPort: web\n");
    LoadResult r = new ScenarioLoader().load("bad.yaml", text.getBytes(StandardCharsets.UTF_8), null);
    assertTrue(r.ok(), "warnings do not stop the run");
    List<String> pods = r.scenario().pods().stream().map(p -> p.name()).toList();
    assertEquals(2, pods.size());
    assertEquals(
        "bad.yaml:41:19: warning: spec.ports[0].targetPort: no container port named \"web\" (TCP) on 2"
            + " of 2 pods (" + pods.get(0) + ", " + pods.get(1) + "): they are left out of this"
            + " port's endpoints",
        String.join("\n", load(text)));
  }

  @Test
  void everyProblemInAFileIsReported() {
    String text =
        """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata:
          name: Many_Problems
        spec:
          duration: 60
          warmpu: 5s
          cluster:
            kubeProxy: {mode: ipvs, ipvsScheduler: round-robin}
            nodes:
              - name: node-a
          traffic:
            - name: users
              from: external
              to: service/default/web:443
              rate: 100
            - name: users
              from: pod/default/nobody
              to: service/default/api:80
              rate: 5/s
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: LoadBalancer
          externalTrafficPolicy: Locale
          selector: {app: web}
          ports:
            - name: http
              port: 80
            - port: 8080
              protocol: HTTP
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        spec:
          selector: {app: api}
          ports:
            - port: 80
              nodePort: 30080
        """;
    assertEquals(
        String.join(
            "\n",
            "bad.yaml:4:9: metadata.name: Invalid value: \"Many_Problems\": a lowercase RFC 1123 label"
                + " must consist of lower case alphanumeric characters or '-', and must start and end with"
                + " an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation"
                + " is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "bad.yaml:6:13: spec.duration: bad duration \"60\": a bare number has no unit; write it with"
                + " one, e.g. \"60s\" or \"60ms\" (units: ns, us, ms, s, m, h)",
            "bad.yaml:7:3: spec.warmpu: unknown field \"warmpu\" (did you mean \"warmup\"?)",
            "bad.yaml:9:44: spec.cluster.kubeProxy.ipvsScheduler: Unsupported value: \"round-robin\":"
                + " supported values: \"rr\", \"wrr\", \"lc\", \"wlc\", \"sh\", \"dh\", \"sed\","
                + " \"nq\", \"mh\"",
            "bad.yaml:16:13: spec.traffic[0].rate: bad rate \"100\": a rate needs a time unit, e.g."
                + " \"100/s\" (units: /ns, /us, /ms, /s, /m, /h)",
            "bad.yaml:17:13: spec.traffic[1].name: Duplicate value: \"users\": traffic names must be unique",
            "bad.yaml:18:13: spec.traffic[1].from: pod default/nobody not found (run `svcsim validate"
                + " --list FILE` to see the pods' names)",
            "bad.yaml:28:26: spec.externalTrafficPolicy: Unsupported value: \"Locale\": supported values:"
                + " \"Cluster\", \"Local\"",
            "bad.yaml:33:7: spec.ports[1].name: Required value",
            "bad.yaml:34:17: spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values:"
                + " \"SCTP\", \"TCP\", \"UDP\"",
            "bad.yaml:44:17: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
        String.join("\n", load(text)));
  }

  @Test
  void problemsInManifestFilesNameThoseFiles(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("manifests"));
    Files.createDirectories(dir.resolve("extra"));
    Files.writeString(
        dir.resolve("scenario.yaml"),
        """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata:
          name: split
        spec:
          duration: 10s
          manifests: [manifests/, extra/web-svc.yaml]
          cluster:
            nodes:
              - name: node-a
          traffic:
            - name: users
              from: external
              to: service/default/web:http
              rate: 10/s
        """);
    Files.writeString(
        dir.resolve("manifests/10-web.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  ports:
                    - name: http
                      containerPort: 80800
        """);
    Files.writeString(
        dir.resolve("manifests/20-api.yaml"),
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        spec:
          selector: {app: web}
          ports:
            - port: 80
              targetPort: http_alt
        """);
    Files.writeString(dir.resolve("manifests/notes.txt"), "not: [yaml");
    Files.writeString(
        dir.resolve("extra/web-svc.yaml"),
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: NodePort
          selector: {app: web}
          ports:
            - name: http
              port: 80
              nodePort: 30080
              protocol: tcp
        """);
    String s = dir.resolve("scenario.yaml").toString();
    String base = s.substring(0, s.length() - "scenario.yaml".length());
    LoadResult r = new ScenarioLoader().load(dir.resolve("scenario.yaml"));
    assertNull(r.scenario());
    assertEquals(
        String.join(
            "\n",
            base + "extra/web-svc.yaml:12:17: spec.ports[0].protocol: Unsupported value: \"tcp\":"
                + " supported values: \"SCTP\", \"TCP\", \"UDP\"",
            base + "manifests/10-web.yaml:17:30: spec.template.spec.containers[0].ports[0].containerPort:"
                + " Invalid value: 80800: must be between 1 and 65535, inclusive",
            base + "manifests/20-api.yaml:9:19: spec.ports[0].targetPort: Invalid value: \"http_alt\":"
                + " must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
        r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
  }

  @Test
  void aManifestsFolderThatDoesNotExistIsReportedAtTheScenario(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, edit("  warmup: 5s\n", "  manifests: [k8s/]\n"));
    LoadResult r = new ScenarioLoader().load(scenario);
    assertEquals(
        scenario + ":8:15: spec.manifests[0]: no such file or folder: \"k8s/\" (paths are relative to"
            + " the scenario file)",
        r.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
  }

  static Stream<Arguments> catalogue() {
    return Stream.of(
        // ------------------------------------------------------------ malformed YAML
        bad("unclosed flow mapping",
            edit("matchLabels: {app: web}", "matchLabels: {app: web"),
            "bad.yaml:52:11: invalid YAML: expected ',' or '}', but got : (while parsing a flow mapping that starts at line 51, column 18)"),
        bad("unclosed flow sequence",
            edit("      mode: iptables\n", "      mode: [iptables\n"),
            "bad.yaml:12:10: invalid YAML: expected ',' or ']', but got : (while parsing a flow sequence that starts at line 11, column 13)"),
        bad("value continued at a deeper indentation",
            edit("  warmup: 5s\n", "   warmup: 5s\n"),
            "bad.yaml:8:10: invalid YAML: mapping values are not allowed here"),
        bad("key at a shallower indentation inside a list item",
            edit("        zone: zone-2\n", "       zone: zone-2\n"),
            "bad.yaml:16:8: invalid YAML: expected <block end>, but found '<block mapping start>' (while parsing a block collection that starts at line 13, column 7)"),
        bad("tab indentation",
            edit("  warmup: 5s\n", "\twarmup: 5s\n"),
            "bad.yaml:8:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation) (while scanning for the next token)"),
        bad("duplicate key in the Scenario",
            edit("  warmup: 5s\n", "  duration: 5s\n"),
            "bad.yaml:8:3: duplicate key \"duration\" (first written at line 7); remove one of them"),
        bad("duplicate key in a manifest",
            edit("  namespace: default\nspec:\n  type: NodePort", "  name: default\nspec:\n  type: NodePort"),
            "bad.yaml:33:3: duplicate key \"name\" (first written at line 32); remove one of them"),
        // ------------------------------------------------------------ types
        bad("string where an integer goes (Scenario)",
            edit("  seed: 42\n", "  seed: forty-two\n"),
            "bad.yaml:6:9: spec.seed: must be an integer, not the string \"forty-two\""),
        bad("list where a mapping goes",
            edit("      mode: iptables\n", "      - iptables\n"),
            "bad.yaml:11:7: spec.cluster.kubeProxy: must be a mapping, not a list"),
        bad("string where an integer goes (manifest)",
            edit("  replicas: 2\n", "  replicas: two\n"),
            "bad.yaml:49:13: spec.replicas: must be an integer, not the string \"two\""),
        bad("quoted number as a Service port",
            edit("      port: 80\n", "      port: \"80\"\n"),
            "bad.yaml:40:13: spec.ports[0].port: must be an integer, not the string \"80\""),
        bad("duration where terminationGracePeriodSeconds (whole seconds) goes",
            edit("    spec:\n      containers:\n", "    spec:\n      terminationGracePeriodSeconds: 30s\n      containers:\n"),
            "bad.yaml:58:38: spec.template.spec.terminationGracePeriodSeconds: must be an integer, not the string \"30s\""),
        bad("mapping where a string goes",
            edit("      from: external\n", "      from: {kind: external}\n"),
            "bad.yaml:19:13: spec.traffic[0].from: must be a string, not a mapping"),
        // ------------------------------------------------------------ unknown fields
        bad("misspelled Scenario field",
            edit("  warmup: 5s\n", "  warmpu: 5s\n"),
            "bad.yaml:8:3: spec.warmpu: unknown field \"warmpu\" (did you mean \"warmup\"?)"),
        bad("unknown Scenario field with nothing close",
            edit("  warmup: 5s\n", "  colour: red\n"),
            "bad.yaml:8:3: spec.colour: unknown field \"colour\"; known fields here: cluster, duration, events, expectations, loadBalancer, manifests, scheduler, seed, traffic, warmup"),
        bad("misspelled nested field",
            edit("      mode: iptables\n", "      mdoe: iptables\n"),
            "bad.yaml:11:7: spec.cluster.kubeProxy.mdoe: unknown field \"mdoe\" (did you mean \"mode\"?)"),
        bad("misspelled traffic field",
            edit("      rate: 100/s\n", "      rtae: 100/s\n"),
            "bad.yaml:18:7: spec.traffic[0].rate: Required value: new connections per second, e.g. 100/s",
            "bad.yaml:21:7: spec.traffic[0].rtae: unknown field \"rtae\" (did you mean \"rate\"?)"),
        // ------------------------------------------------------------ required
        bad("metadata.name missing",
            edit("  name: base\n", "  description: base\n"),
            "bad.yaml:4:3: metadata.name: Required value"),
        bad("spec.duration missing",
            edit("  duration: 60s\n", "  # no duration\n"),
            "bad.yaml:6:3: spec.duration: Required value: how much simulated time to measure, e.g. 60s"),
        bad("traffic name missing",
            edit("    - name: users\n", "    - clients: 10\n"),
            "bad.yaml:18:7: spec.traffic[0].name: Required value"),
        bad("traffic to missing",
            edit("      to: service/default/web:80\n", "      # no to\n"),
            "bad.yaml:18:7: spec.traffic[0].to: Required value"),
        bad("traffic rate missing",
            edit("      rate: 100/s\n", "      arrival: constant\n"),
            "bad.yaml:18:7: spec.traffic[0].rate: Required value: new connections per second, e.g. 100/s"),
        // ------------------------------------------------------------ units
        bad("duration as a bare number",
            edit("  duration: 60s\n", "  duration: 60\n"),
            "bad.yaml:7:13: spec.duration: bad duration \"60\": a bare number has no unit; write it with one, e.g. \"60s\" or \"60ms\" (units: ns, us, ms, s, m, h)"),
        bad("duration with an unknown unit",
            edit("  duration: 60s\n", "  duration: 60sec\n"),
            "bad.yaml:7:13: spec.duration: bad duration \"60sec\": unknown unit \"sec\"; did you mean \"s\"? (units: ns, us, ms, s, m, h)"),
        bad("negative duration",
            edit("  warmup: 5s\n", "  warmup: -5s\n"),
            "bad.yaml:8:11: spec.warmup: bad duration \"-5s\": durations cannot be negative; remove the \"-\" sign"),
        bad("zero duration",
            edit("  duration: 60s\n", "  duration: 0s\n"),
            "bad.yaml:7:13: spec.duration: must be greater than 0s"),
        bad("rate without a unit",
            edit("      rate: 100/s\n", "      rate: 100\n"),
            "bad.yaml:21:13: spec.traffic[0].rate: bad rate \"100\": a rate needs a time unit, e.g. \"100/s\" (units: /ns, /us, /ms, /s, /m, /h)"),
        bad("rate with an unknown unit",
            edit("      rate: 100/s\n", "      rate: 100/fortnight\n"),
            "bad.yaml:21:13: spec.traffic[0].rate: bad rate \"100/fortnight\": unknown unit \"fortnight\"; use one of /ns, /us, /ms, /s, /m, /h"),
        bad("negative rate",
            edit("      rate: 100/s\n", "      rate: -5/s\n"),
            "bad.yaml:21:13: spec.traffic[0].rate: bad rate \"-5/s\": rates cannot be negative; remove the \"-\" sign (\"0/s\" stops a source)"),
        bad("unknown distribution",
            edit("      thinkTime: const(1ms)\n", "      thinkTime: gauss(1ms)\n"),
            "bad.yaml:23:18: spec.traffic[0].thinkTime: bad distribution \"gauss(1ms)\": unknown distribution \"gauss\"; use one of const, exp, uniform, lognormal, pareto, empirical, or a plain duration such as \"2ms\""),
        bad("distribution argument without a unit",
            edit("svcsim.dev/service-time: exp(2ms)", "svcsim.dev/service-time: exp(2)"),
            "bad.yaml:56:34: spec.template.metadata.annotations[\"svcsim.dev/service-time\"]: bad distribution \"exp(2)\": argument 1 (mean) \"2\": a bare number has no unit; write it with one, e.g. \"2s\" or \"2ms\" (units: ns, us, ms, s, m, h)"),
        bad("count distribution with a fraction",
            edit("      requestsPerConnection: 1\n", "      requestsPerConnection: uniform(1.5,3)\n"),
            "bad.yaml:22:30: spec.traffic[0].requestsPerConnection: counts in \"uniform(1.5,3)\" must be whole numbers (1.5)"),
        bad("count distribution with units",
            edit("      requestsPerConnection: 1\n", "      requestsPerConnection: uniform(1ms,3ms)\n"),
            "bad.yaml:22:30: spec.traffic[0].requestsPerConnection: counts have no unit: write \"uniform(1,3)\", not \"uniform(1ms,3ms)\""),
        bad("count of zero",
            edit("      requestsPerConnection: 1\n", "      requestsPerConnection: 0\n"),
            "bad.yaml:22:30: spec.traffic[0].requestsPerConnection: must be between 1 and 1000000000, inclusive (got 0)"),
        // ------------------------------------------------------------ enums
        bad("bad kubeProxy.mode",
            edit("      mode: iptables\n", "      mode: ipvs2\n"),
            "bad.yaml:11:13: spec.cluster.kubeProxy.mode: Unsupported value: \"ipvs2\": supported values: \"iptables\", \"ipvs\", \"nftables\", \"userspace\" (did you mean \"ipvs\"?)"),
        bad("bad scheduler",
            edit("  warmup: 5s\n", "  scheduler: spreed\n"),
            "bad.yaml:8:14: spec.scheduler: Unsupported value: \"spreed\": supported values: \"spread\", \"binpack\", \"random\" (did you mean \"spread\"?)"),
        // ------------------------------------------------------------ Service validation
        bad("two unnamed ports",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                    - port: 443
                """),
            "bad.yaml:72:7: spec.ports[0].name: Required value",
            "bad.yaml:73:7: spec.ports[1].name: Required value"),
        bad("duplicate port names",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - name: http
                      port: 80
                    - name: http
                      port: 8080
                """),
            "bad.yaml:74:13: spec.ports[1].name: Duplicate value: \"http\""),
        bad("port name not a DNS-1123 label",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - name: HTTP
                      port: 80
                """),
            "bad.yaml:72:13: spec.ports[0].name: Invalid value: \"HTTP\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
        bad("port 0",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 0
                      targetPort: 8080
                """),
            "bad.yaml:72:13: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"),
        bad("port 70000 with no targetPort (the defaulted targetPort is invalid too)",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 70000
                """),
            "bad.yaml:72:7: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "bad.yaml:72:13: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        bad("protocol HTTP",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                      protocol: HTTP
                """),
            "bad.yaml:73:17: spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        bad("targetPort name with an underscore",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                      targetPort: web_http
                """),
            "bad.yaml:73:19: spec.ports[0].targetPort: Invalid value: \"web_http\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
        bad("targetPort name breaking every IANA rule",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                      targetPort: "-8080--8081-8082-"
                """),
            "bad.yaml:73:19: spec.ports[0].targetPort: Invalid value: \"-8080--8081-8082-\": must be no more than 15 characters",
            "bad.yaml:73:19: spec.ports[0].targetPort: Invalid value: \"-8080--8081-8082-\": must contain at least one letter (a-z)",
            "bad.yaml:73:19: spec.ports[0].targetPort: Invalid value: \"-8080--8081-8082-\": must not contain consecutive hyphens",
            "bad.yaml:73:19: spec.ports[0].targetPort: Invalid value: \"-8080--8081-8082-\": must not begin or end with a hyphen"),
        bad("nodePort on a ClusterIP Service",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                      nodePort: 30080
                """),
            "bad.yaml:73:17: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
        bad("externalTrafficPolicy on a ClusterIP Service",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  externalTrafficPolicy: Local
                  ports:
                    - port: 80
                """),
            "bad.yaml:71:26: spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"),
        bad("bad externalTrafficPolicy",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  externalTrafficPolicy: local
                  ports:
                    - port: 80
                """),
            "bad.yaml:72:26: spec.externalTrafficPolicy: Unsupported value: \"local\": supported values: \"Cluster\", \"Local\""),
        bad("healthCheckNodePort without LoadBalancer and Local",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  selector: {app: web}
                  externalTrafficPolicy: Local
                  healthCheckNodePort: 30500
                  ports:
                    - port: 80
                """),
            "bad.yaml:73:24: spec.healthCheckNodePort: Invalid value: 30500: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
        bad("affinity timeout 0",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  sessionAffinity: ClientIP
                  sessionAffinityConfig:
                    clientIP:
                      timeoutSeconds: 0
                  ports:
                    - port: 80
                """),
            "bad.yaml:74:23: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400"),
        bad("affinity timeout 86401",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  sessionAffinity: ClientIP
                  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}
                  ports:
                    - port: 80
                """),
            "bad.yaml:72:54: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400"),
        bad("bad sessionAffinity",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  sessionAffinity: Sticky
                  ports:
                    - port: 80
                """),
            "bad.yaml:71:20: spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""),
        bad("headless NodePort",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  clusterIP: None
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:71:14: spec.clusterIP: Invalid value: \"None\": may not be set to 'None' for NodePort services"),
        bad("ExternalName not a DNS subdomain",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: db
                spec:
                  type: ExternalName
                  externalName: db_primary.example.com
                """),
            "bad.yaml:71:17: spec.externalName: Invalid value: \"db_primary.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        bad("ExternalName missing",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: db
                spec:
                  type: ExternalName
                """),
            "bad.yaml:70:3: spec.externalName: Required value"),
        bad("loadBalancerSourceRanges not CIDRs",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  loadBalancerSourceRanges: [10.0.0.0/33, 10.1.2.3/8, " 192.168.0.0/16 "]
                  ports:
                    - port: 80
                """),
            "bad.yaml:72:30: spec.loadBalancerSourceRanges[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            "bad.yaml:72:43: spec.loadBalancerSourceRanges[1]: Invalid value: \"10.1.2.3/8\": must not have bits set beyond the prefix length"),
        bad("loadBalancerSourceRanges on a NodePort Service",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  selector: {app: web}
                  loadBalancerSourceRanges:
                    - 10.0.0.0/8
                  ports:
                    - port: 80
                """),
            "bad.yaml:73:5: spec.loadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"),
        bad("loadBalancerSourceRanges annotation on a ClusterIP Service",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                  annotations:
                    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8"
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:70:61: metadata.annotations[\"service.beta.kubernetes.io/load-balancer-source-ranges\"]: Forbidden: may only be used when `type` is 'LoadBalancer'"),
        bad("externalIPs loopback and invalid",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  externalIPs:
                    - 127.0.0.1
                    - 10.0.0.300
                    - 10.0.0.01
                  ports:
                    - port: 80
                """),
            "bad.yaml:72:7: spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
            "bad.yaml:73:7: spec.externalIPs[1]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            "bad.yaml:74:7: spec.externalIPs[2]: Invalid value: \"10.0.0.01\": must not have leading 0s"),
        bad("allocateLoadBalancerNodePorts on a NodePort Service",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  allocateLoadBalancerNodePorts: false
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:71:34: spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"),
        bad("bad trafficDistribution",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  trafficDistribution: PreferNearby
                  ports:
                    - port: 80
                """),
            "bad.yaml:71:24: spec.trafficDistribution: Unsupported value: \"PreferNearby\": supported values: \"PreferClose\""),
        bad("bad internalTrafficPolicy",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  internalTrafficPolicy: Node
                  ports:
                    - port: 80
                """),
            "bad.yaml:71:26: spec.internalTrafficPolicy: Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\""),
        bad("bad Service type",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: Nodeport
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:70:9: spec.type: Unsupported value: \"Nodeport\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""),
        bad("Service name not a DNS-1035 label",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: 1api
                spec:
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:68:9: metadata.name: Invalid value: \"1api\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
        bad("Service without ports",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                """),
            "bad.yaml:70:3: spec.ports: Required value"),
        bad("same port and protocol twice",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  selector: {app: web}
                  ports:
                    - name: a
                      port: 80
                    - name: b
                      port: 80
                """),
            "bad.yaml:74:7: spec.ports[1]: Duplicate value: core.ServicePort{Name:\"b\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:80, StrVal:\"\"}, NodePort:0}"),
        bad("same nodePort twice in one Service, same protocol",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                    - name: a
                      port: 80
                      nodePort: 30080
                    - name: b
                      port: 81
                      nodePort: 30080
                """),
            "bad.yaml:78:17: spec.ports[1].nodePort: Duplicate value: 30080"),
        // ------------------------------------------------------------ allocation
        bad("the same nodePort in two Services",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                    - port: 80
                      nodePort: 30080
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: admin
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                    - port: 80
                      nodePort: 30080
                """),
            "bad.yaml:73:5: warning: spec.ports: no traffic source uses Service default/api",
            "bad.yaml:85:17: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"),
        bad("the same nodePort for two port numbers of different protocols",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: dns
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                    - name: dns-udp
                      port: 53
                      protocol: UDP
                      nodePort: 30053
                    - name: dns-tcp
                      port: 54
                      protocol: TCP
                      nodePort: 30053
                """),
            "bad.yaml:80:17: spec.ports[1].nodePort: Invalid value: 30053: provided port is already allocated"),
        bad("nodePort outside the range",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                    - port: 80
                      nodePort: 29999
                """),
            "bad.yaml:74:17: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767"),
        bad("clusterIP outside the serviceCIDR",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  clusterIP: 10.0.0.10
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:70:14: spec.clusterIP: Invalid value: []string{\"10.0.0.10\"}: failed to allocate IP 10.0.0.10: the provided IP (10.0.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12 (set spec.cluster.serviceCIDR in the Scenario to your cluster's range)"),
        bad("clusterIP of default/kubernetes",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  clusterIP: 10.96.0.1
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:70:14: spec.clusterIP: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP is already allocated (to default/kubernetes)"),
        bad("clusterIP not an IP",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: api
                spec:
                  clusterIP: 10.96.0.300
                  selector: {app: web}
                  ports:
                    - port: 80
                """),
            "bad.yaml:70:14: spec.clusterIP: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
        // ------------------------------------------------------------ references
        bad("traffic to a missing Service",
            edit("      to: service/default/web:80\n", "      to: service/default/wbe:80\n"),
            "bad.yaml:20:11: spec.traffic[0].to: Service default/wbe not found (did you mean default/web?)"),
        bad("traffic to a missing port",
            edit("      to: service/default/web:80\n", "      to: service/default/web:443\n"),
            "bad.yaml:20:11: spec.traffic[0].to: Service default/web has no port \"443\"; its ports: http (80)"),
        bad("traffic from a missing pod",
            edit("      from: external\n", "      from: pod/default/client\n"),
            "bad.yaml:19:13: spec.traffic[0].from: pod default/client not found (run `svcsim validate --list FILE` to see the pods' names)"),
        bad("traffic from a missing deployment",
            edit("      from: external\n", "      from: deployment/default/client\n"),
            "bad.yaml:19:13: spec.traffic[0].from: deployment default/client not found"),
        bad("traffic from a missing node",
            edit("      from: external\n", "      from: node/node-c\n"),
            "bad.yaml:19:13: spec.traffic[0].from: node \"node-c\" not found; nodes: node-a, node-b"),
        bad("event targeting a missing node",
            edit("      target: node/node-b\n", "      target: node/node-c\n"),
            "bad.yaml:27:15: spec.events[0].target: node \"node-c\" not found"),
        bad("event targeting a missing pod",
            edit("      action: failNode\n      target: node/node-b\n",
                "      action: deletePod\n      target: pod/default/web-0\n"),
            "bad.yaml:27:15: spec.events[0].target: pod default/web-0 not found (run `svcsim validate --list FILE` to see the pods' names)"),
        bad("event targeting a missing deployment",
            edit("      action: failNode\n      target: node/node-b\n",
                "      action: rollout\n      target: deployment/default/api\n"),
            "bad.yaml:27:15: spec.events[0].target: deployment default/api not found"),
        bad("event targeting a missing traffic source",
            edit("      action: failNode\n      target: node/node-b\n",
                "      action: setRate\n      target: traffic/bots\n      rate: 10/s\n"),
            "bad.yaml:27:15: spec.events[0].target: traffic \"bots\" not found"),
        bad("patch of an unknown Service field",
            edit("      action: failNode\n      target: node/node-b\n",
                "      action: patch\n      target: service/default/web\n"
                    + "      set: {spec.externalTraficPolicy: Local}\n"),
            "bad.yaml:28:40: spec.events[0].set[\"spec.externalTraficPolicy\"]: svcsim does not model Service field spec.externalTraficPolicy (did you mean spec.externalTrafficPolicy?)"),
        // ------------------------------------------------------------ cluster
        bad("a node named twice",
            edit("      - name: node-b\n", "      - name: node-a\n"),
            "bad.yaml:15:15: spec.cluster.nodes[1].name: Duplicate value: node \"node-a\" is already defined at bad.yaml:13:15",
            "bad.yaml:27:15: spec.events[0].target: node \"node-b\" not found"),
        bad("podCIDR overlapping the serviceCIDR",
            edit("  cluster:\n", "  cluster:\n    podCIDR: 10.96.0.0/16\n"),
            "bad.yaml:10:14: spec.cluster.podCIDR: 10.96.0.0/16 overlaps serviceCIDR 10.96.0.0/12; the node, pod and service networks must be disjoint"),
        bad("podCIDR too small for the nodes",
            edit("  cluster:\n", "  cluster:\n    podCIDR: 10.244.0.0/24\n"),
            "bad.yaml:10:14: spec.cluster.podCIDR: podCIDR 10.244.0.0/24 holds 1 node network (/24), but the cluster has 2 nodes; use a larger podCIDR such as 10.244.0.0/16"),
        bad("nodeCIDR too small for the nodes",
            edit("    nodes:\n", "    nodeCIDR: 192.168.0.0/30\n    nodes:\n"
                + "      - namePrefix: worker\n        count: 3\n"),
            "bad.yaml:12:15: spec.cluster.nodeCIDR: nodeCIDR 192.168.0.0/30 has 2 addresses, too few for 5 nodes; use a larger nodeCIDR"),
        // ------------------------------------------------------------ documents
        bad("unknown kind, close to a known one",
            edit("kind: Deployment\n", "kind: Deploymnet\n"),
            "bad.yaml:44:7: kind: unknown kind \"Deploymnet\" (did you mean \"Deployment\"?)"),
        bad("unknown kind, nothing close (a warning)",
            plus("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                """),
            "bad.yaml:66:7: warning: kind: svcsim does not model kind \"ConfigMap\"; this document is ignored"),
        bad("wrong apiVersion of a manifest",
            edit("apiVersion: apps/v1\n", "apiVersion: v1\n"),
            "bad.yaml:43:13: apiVersion: Deployment must be apiVersion \"apps/v1\", not \"v1\""),
        bad("wrong apiVersion of the Scenario",
            edit("apiVersion: svcsim.dev/v1\n", "apiVersion: svcsim.dev/v2\n"),
            "bad.yaml:1:13: apiVersion: Unsupported value: \"svcsim.dev/v2\": supported values: \"svcsim.dev/v1\""),
        bad("no Scenario document",
            BASE.substring(BASE.indexOf("---\n") + 4),
            "bad.yaml:1:1: no `kind: Scenario` document in this file; add one (see docs/scenario-format.md)"),
        bad("two Scenario documents",
            plus("""
                apiVersion: svcsim.dev/v1
                kind: Scenario
                metadata:
                  name: other
                spec:
                  duration: 1s
                """),
            "bad.yaml:66:7: kind: a file holds one Scenario document; another one starts at line 1"),
        // ------------------------------------------------------------ warnings
        bad("ExternalName that looks like an IP",
            plus("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: db
                spec:
                  type: ExternalName
                  externalName: 10.1.2.3
                """),
            "bad.yaml:71:17: warning: spec.externalName: \"10.1.2.3\" looks like an IP address, but an ExternalName is a DNS name: clients get a CNAME to a name that does not resolve (use a selector-less Service with Endpoints for an IP)"),
        bad("selector matching no pod",
            edit("    app: web\n", "    app: wbe\n"),
            "bad.yaml:37:5: warning: spec.selector: selector {app=wbe} matches no pod in namespace default: the Service has no endpoints"),
        bad("Service port no traffic uses",
            edit("      targetPort: http\n", "      targetPort: http\n    - name: admin\n      port: 9090\n"),
            "bad.yaml:39:5: warning: spec.ports: no traffic source uses port admin of Service default/web"),
        bad("negative terminationGracePeriodSeconds (accepted by the API server with this warning; counts as 1 s)",
            edit("    spec:\n      containers:\n", "    spec:\n      terminationGracePeriodSeconds: -5\n      containers:\n"),
            "bad.yaml:58:38: warning: spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"),
        bad("negative terminationGracePeriodSeconds of a bare Pod",
            plus("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: solo
                spec:
                  terminationGracePeriodSeconds: -1
                  containers:
                    - name: c
                      image: x
                """),
            "bad.yaml:70:34: warning: spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"),
        bad("unknown svcsim.dev annotation",
            edit("svcsim.dev/service-time: exp(2ms)", "svcsim.dev/servce-time: exp(2ms)"),
            "bad.yaml:56:33: warning: spec.template.metadata.annotations[\"svcsim.dev/servce-time\"]: svcsim does not know this annotation; it is ignored (did you mean \"svcsim.dev/service-time\"?)"));
  }
}
