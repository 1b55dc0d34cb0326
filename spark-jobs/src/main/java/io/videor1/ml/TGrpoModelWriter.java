package io.videor1.ml;

import io.videor1.inspect.CheckpointInspector;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a {@link TGrpoModel} as MLlib does ({@code metadata/} with the Params) plus its weights under
 * {@code model/} (the Hugging Face checkpoint, copied from wherever the model was trained); the reader points the
 * loaded model at that copy, so a saved model is self-contained on any Hadoop FileSystem.
 */
final class TGrpoModelWriter extends MLWriter {
  static final String WEIGHTS = "model";
  private final TGrpoModel instance;

  TGrpoModelWriter(TGrpoModel instance) {
    this.instance = instance;
  }

  @Override
  public void saveImpl(String path) {
    DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
    try {
      Path src = new Path(instance.getModelPath());
      Path dst = new Path(path, WEIGHTS);
      FileSystem srcFs = src.getFileSystem(sc().hadoopConfiguration());
      FileSystem dstFs = dst.getFileSystem(sc().hadoopConfiguration());
      if (!FileUtil.copy(srcFs, src, dstFs, dst, false, true, sc().hadoopConfiguration())) {
        throw new IOException("cannot copy " + src + " to " + dst);
      }
    } catch (IOException e) {
      throw new IllegalStateException("saving the model's weights failed: " + e.getMessage(), e);
    }
  }

  /** Reads what {@link TGrpoModelWriter} wrote. */
  static final class Reader extends MLReader<TGrpoModel> {
    @Override
    public TGrpoModel load(String path) {
      DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
          TGrpoModel.class.getName());
      TGrpoModel m = new TGrpoModel(md.uid());
      md.getAndSetParams(m, md.getAndSetParams$default$2());
      String weights = new Path(path, WEIGHTS).toString();
      try { // the saved weights are data from elsewhere too: refuse them here, not in an executor's task
        CheckpointInspector.validate(weights, sparkSession().sparkContext().hadoopConfiguration());
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return m.setModelPath(weights);
    }
  }
}
