// WindowGeometry.h — the image and window geometry of lepton's window ops (conv2d, pools).
#ifndef LEPTON_IR_WINDOWGEOMETRY_H
#define LEPTON_IR_WINDOWGEOMETRY_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>

namespace lepton {

/// `image` = [H, W, C] and `window` = [KH, KW, SH, SW, PT, PL, OH, OW] (LeptonWindowOps.td).
struct WindowGeometry {
  int64_t height = 0, width = 0, channels = 0;
  int64_t kernelH = 0, kernelW = 0, strideH = 1, strideW = 1, padTop = 0, padLeft = 0;
  int64_t outH = 0, outW = 0;

  static WindowGeometry from(llvm::ArrayRef<int64_t> image, llvm::ArrayRef<int64_t> window) {
    WindowGeometry g;
    if (image.size() == 3)
      g.height = image[0], g.width = image[1], g.channels = image[2];
    if (window.size() == 8) {
      g.kernelH = window[0], g.kernelW = window[1], g.strideH = window[2], g.strideW = window[3];
      g.padTop = window[4], g.padLeft = window[5], g.outH = window[6], g.outW = window[7];
    }
    return g;
  }

  /// For a layer: `same` pads (out − 1)·stride + kernel − in in all, the smaller half first.
  static WindowGeometry forLayer(int64_t h, int64_t w, int64_t c, int64_t kh, int64_t kw,
                                 int64_t sh, int64_t sw, bool same) {
    WindowGeometry g{h, w, c, kh, kw, sh, sw, 0, 0, 0, 0};
    g.outH = same ? (h + sh - 1) / sh : (h - kh) / sh + 1;
    g.outW = same ? (w + sw - 1) / sw : (w - kw) / sw + 1;
    if (same) {
      int64_t padH = (g.outH - 1) * sh + kh - h, padW = (g.outW - 1) * sw + kw - w;
      g.padTop = padH > 0 ? padH / 2 : 0;
      g.padLeft = padW > 0 ? padW / 2 : 0;
    }
    return g;
  }

  int64_t inputSize() const { return height * width * channels; }
  int64_t outputPositions() const { return outH * outW; }
  int64_t patchSize() const { return kernelH * kernelW * channels; }

  /// Empty when consistent, else what is wrong.
  std::string problem() const {
    if (height < 1 || width < 1 || channels < 1)
      return "image dimensions must be positive";
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || outH < 1 || outW < 1)
      return "kernel, stride and output sizes must be positive";
    if (padTop < 0 || padLeft < 0 || padTop >= kernelH || padLeft >= kernelW)
      return "padding must be in [0, kernel)";
    // The last window must start inside the image (a window wholly in padding has no value).
    if ((outH - 1) * strideH - padTop > height - 1 || (outW - 1) * strideW - padLeft > width - 1)
      return "the output is larger than the windows that fit";
    return "";
  }
};

} // namespace lepton

#endif // LEPTON_IR_WINDOWGEOMETRY_H
