package io.videor1.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The scheduling examples in deploy/ parse and run the command they claim to. */
class DeployExamplesTest {
  static final Path DEPLOY = repo().resolve("deploy");

  static Path repo() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.isDirectory(here.resolve("deploy")) ? here : here.getParent(); // run from the module or the root
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCronJobIsValidYamlForbidsOverlapAndSubmitsCurateInTheImage() throws Exception {
    Map<String, Object> doc;
    try (var in = Files.newInputStream(DEPLOY.resolve("k8s/curate-cronjob.yaml"))) {
      doc = new Yaml().load(in);
    }
    assertEquals("batch/v1", doc.get("apiVersion"));
    assertEquals("CronJob", doc.get("kind"));
    Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
    assertEquals("Forbid", spec.get("concurrencyPolicy"));
    assertEquals(5, ((String) spec.get("schedule")).split(" ").length);
    Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        spec.get("jobTemplate")).get("spec")).get("template")).get("spec");
    assertEquals("Never", pod.get("restartPolicy"));
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    List<String> command = (List<String>) container.get("command");
    assertEquals("/opt/spark/bin/spark-submit", command.get(0));
    assertTrue(command.contains("io.videor1.app.VideoR1"), command.toString());
    int curate = command.indexOf("curate");
    assertTrue(curate > 0 && command.indexOf("--out") > curate && command.indexOf("--manifest") > curate, command.toString());
    assertEquals("client", command.get(command.indexOf("--deploy-mode") + 1), "the pod is the driver: its exit code counts");
    // The image path the Dockerfile copies the jar to.
    String jar = command.stream().filter(a -> a.endsWith(".jar")).findFirst().orElseThrow();
    assertTrue(Files.readString(DEPLOY.resolve("docker/Dockerfile")).contains(jar.replace("local://", "")), jar);
  }

  @Test
  void theCrontabLinesHaveFiveTimeFieldsAndRunTheCommands() throws Exception {
    List<String> jobs = Files.readAllLines(DEPLOY.resolve("cron/videor1-curate.crontab")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.matches("[A-Z_]+=.*")).toList(); // not MAILTO=
    assertEquals(2, jobs.size(), jobs.toString());
    for (String job : jobs) {
      String[] f = job.split("\\s+", 6);
      for (int i = 0; i < 5; i++) {
        assertTrue(f[i].matches("[0-9*/,-]+"), "time field " + i + " of " + job);
      }
      assertTrue(f[5].startsWith("/opt/videor1/deploy/spark-submit.sh "), job);
    }
    assertTrue(jobs.get(0).contains(" -- curate --manifest "));
    assertTrue(jobs.get(1).contains(" -- compact --out "));
  }

  @Test
  void theAirflowDagCompiles(@TempDir Path tmp) throws Exception {
    String python = findOnPath("python3");
    Assumptions.assumeTrue(python != null, "python3 is not on PATH: the Airflow DAG's py_compile check is skipped");
    Path dag = DEPLOY.resolve("airflow/videor1_curate_dag.py");
    Process p = new ProcessBuilder(python, "-c",
        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        dag.toString(), tmp.resolve("dag.pyc").toString())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    String src = Files.readString(dag);
    assertTrue(src.contains("SparkSubmitOperator") && src.contains("EXIT_ALARM = 4"), "the DAG maps exit 4");
  }

  private static String findOnPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, exe);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
