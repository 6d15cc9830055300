// RUN: lepton-opt %s -split-input-file -verify-diagnostics
// Known bug (verifier too loose), kept red on purpose until ir/WindowGeometry.h is fixed: a window
// that lies wholly outside the image is accepted. WindowGeometry::problem() lets the last window
// start as far as H − 1 + (KH − 1 − PT), past the image's last row, where it must start at
// H − 1 or before (PyTorch's rule too: a window that starts in the bottom or right padding is
// dropped). On 7x7 images with 3x3 windows, stride 2 and no padding 3 rows of windows fit; OH = 5
// places windows at rows 6…8 (partly inside) and 8…10 (wholly outside). Such a window pools
// nothing: lowered and run on an all-ones 7x7x1 image, maxpool2d gives -inf in the 5th output
// row and column and avgpool2d divides 0 by a negative count (-3, giving -0) or by 1.

func.func @maxpool_window_below_image(%x: tensor<?x147xf32>) -> tensor<?x75xf32> {
  // expected-error @+1 {{'lepton.maxpool2d' op window geometry: the output is larger than the windows that fit}}
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 0, 0, 5, 5>} : (tensor<?x147xf32>) -> tensor<?x75xf32>
  return %y : tensor<?x75xf32>
}

// -----

// One padded column on the left does not make room for a window that starts at column 7.
func.func @avgpool_window_right_of_image(%x: tensor<?x147xf32>) -> tensor<?x60xf32> {
  // expected-error @+1 {{'lepton.avgpool2d' op window geometry: the output is larger than the windows that fit}}
  %y = lepton.avgpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 0, 1, 4, 5>} : (tensor<?x147xf32>) -> tensor<?x60xf32>
  return %y : tensor<?x60xf32>
}

// -----

// The largest output that the rule allows is accepted: the last window (rows 6…8) holds row 6.
func.func @maxpool_last_window_holds_last_row(%x: tensor<?x147xf32>) -> tensor<?x48xf32> {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 0, 0, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}
