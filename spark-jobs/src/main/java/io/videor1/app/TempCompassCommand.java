package io.videor1.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.eval.TempCompassConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 tempcompass}: TempCompass's own question files → a Video-R1 benchmark file. */
@Command(
    name = "tempcompass",
    mixinStandardHelpOptions = true,
    description = {
      "Convert TempCompass question files (questions/multi-choice.json, questions/yes_no.json) into one benchmark file",
      "in Video-R1's schema (multiple choice; yes/no as options A. yes / B. no), media at ./VIDEO_DIR/<video_id>.EXT."
    })
public final class TempCompassCommand implements Callable<Integer> {
  @Option(names = "--multi-choice", description = "TempCompass multi-choice.json.")
  Path multiChoice;

  @Option(names = "--yes-no", description = "TempCompass yes_no.json.")
  Path yesNo;

  @Option(names = "--out", required = true, description = "Output benchmark file (JSON array).")
  Path out;

  @Option(names = "--video-dir", defaultValue = "videos", description = "Media folder in the paths (default ${DEFAULT-VALUE}).")
  String videoDir;

  @Option(names = "--ext", defaultValue = "mp4", description = "Video file extension (default ${DEFAULT-VALUE}).")
  String ext;

  @Override
  public Integer call() throws Exception {
    if (multiChoice == null && yesNo == null) {
      System.err.println("tempcompass: give --multi-choice and/or --yes-no");
      return 2;
    }
    TempCompassConverter.Options o = new TempCompassConverter.Options(videoDir, ext);
    List<ObjectNode> records = new ArrayList<>();
    if (multiChoice != null) {
      records.addAll(TempCompassConverter.convert(multiChoice, false, o, 1));
    }
    if (yesNo != null) {
      records.addAll(TempCompassConverter.convert(yesNo, true, o, records.size() + 1));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), records);
    System.out.println("tempcompass: wrote " + records.size() + " records to " + out);
    return 0;
  }
}
