// LeptonWindowOps.td — ops over image windows (conv2d's im2col, pools) and reshape.
#ifndef LEPTON_WINDOW_OPS_TD
#define LEPTON_WINDOW_OPS_TD

include "ir/LeptonDialect.td"
include "ir/DifferentiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Every window op works on images stored flat, as the model's tensors are: a (batch, H·W·C)
// matrix whose rows are height-width-channel images, row-major. Two attributes describe the
// geometry: `image` = [H, W, C] of the input, `window` = [KH, KW, SH, SW, PT, PL, OH, OW]:
// kernel, stride, top and left padding, output height and width. A window at output (oh, ow)
// covers input rows oh·SH − PT … oh·SH − PT + KH − 1 (and likewise columns); positions outside
// the image are padding. `padding: same` pads (OH−1)·SH + KH − H in all, the smaller half on top.
class Lepton_WindowOp<string mnemonic, list<Trait> traits = []>
    : Lepton_Op<mnemonic, !listconcat([Pure], traits)> {
  let hasVerifier = 1;
  code windowDecls = [{
    /// H, W, C, KH, KW, SH, SW, PT, PL, OH, OW as a struct (ir/WindowGeometry.h).
    ::lepton::WindowGeometry getGeometry() {
      return ::lepton::WindowGeometry::from(getImage(), getWindow());
    }
  }];
  let extraClassDeclaration = windowDecls;
}

def Lepton_Im2ColOp : Lepton_WindowOp<"im2col",
    [DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "image patches as rows: (B, H·W·C) -> (B·OH·OW, KH·KW·C)";
  let description = [{
    Row `(b·OH + oh)·OW + ow` holds the window of output position (oh, ow) of image b, in
    (kh, kw, c) order, zeros where the window covers padding. A convolution is then one matrix
    product with the (KH·KW·C, F) weight, whose result rows are already the output image in
    height-width-channel order. VJP: `lepton.col2im`. On i8 (quantized activations: lepton-quantize-int8
    cuts patches after quantizing, when the zero point is 0 or nothing is padded) the padding is 0 too.

    ```mlir
    %p = lepton.im2col %x {image = array<i64: 28, 28, 1>,
                            window = array<i64: 3, 3, 1, 1, 0, 0, 26, 26>}
        : (tensor<64x784xf32>) -> tensor<43264x9xf32>
    ```
  }];
  let arguments = (ins 2DTensorOf<[F32, I8]>:$input, DenseI64ArrayAttr:$image, DenseI64ArrayAttr:$window);
  let results = (outs 2DTensorOf<[F32, I8]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Lepton_Col2ImOp : Lepton_WindowOp<"col2im"> {
  let summary = "adjoint of im2col: sums patch rows back into images";
  let description = [{
    `(B·OH·OW, KH·KW·C) -> (B, H·W·C)`: every input position receives the sum of the patch
    entries that copied it (none for padding). The VJP of `lepton.im2col`.

    ```mlir
    %dx = lepton.col2im %dp {image = array<i64: 28, 28, 1>,
                              window = array<i64: 3, 3, 1, 1, 0, 0, 26, 26>}
        : (tensor<43264x9xf32>) -> tensor<64x784xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, DenseI64ArrayAttr:$image, DenseI64ArrayAttr:$window);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Lepton_MaxPool2DOp : Lepton_WindowOp<"maxpool2d",
    [DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "window maximum per channel: (B, H·W·C) -> (B, OH·OW·C)";
  let description = [{
    The maximum of each window's positions inside the image (padding never wins). VJP:
    `lepton.maxpool2d_grad`, which routes each output's cotangent to the first maximum of
    its window in (kh, kw) order. On i8 the bytes are quantized activations, compared unsigned
    (lepton-quantize-int8 pools after quantizing: the quantization is monotonic).

    ```mlir
    %y = lepton.maxpool2d %x {image = array<i64: 26, 26, 32>,
                               window = array<i64: 2, 2, 2, 2, 0, 0, 13, 13>}
        : (tensor<64x21632xf32>) -> tensor<64x5408xf32>
    ```
  }];
  let arguments = (ins 2DTensorOf<[F32, I8]>:$input, DenseI64ArrayAttr:$image, DenseI64ArrayAttr:$window);
  let results = (outs 2DTensorOf<[F32, I8]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Lepton_MaxPool2DGradOp : Lepton_WindowOp<"maxpool2d_grad"> {
  let summary = "VJP of maxpool2d: dy routed to each window's first maximum";
  let description = [{
    `dx = maxpool2d_grad(x, dy)`: (B, H·W·C) and (B, OH·OW·C) -> (B, H·W·C). Overlapping
    windows add their contributions.

    ```mlir
    %dx = lepton.maxpool2d_grad %x, %dy {image = array<i64: 26, 26, 32>,
                                          window = array<i64: 2, 2, 2, 2, 0, 0, 13, 13>}
        : (tensor<64x21632xf32>, tensor<64x5408xf32>) -> tensor<64x21632xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, Lepton_F32Matrix:$result_grad,
                   DenseI64ArrayAttr:$image, DenseI64ArrayAttr:$window);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = "$input `,` $result_grad attr-dict `:` functional-type(operands, results)";
}

def Lepton_AvgPool2DOp : Lepton_WindowOp<"avgpool2d",
    [DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "window mean per channel: (B, H·W·C) -> (B, OH·OW·C)";
  let description = [{
    The mean over each window's positions inside the image: padding is not counted (PyTorch's
    `count_include_pad=False`). VJP: `lepton.avgpool2d_grad`.

    ```mlir
    %y = lepton.avgpool2d %x {image = array<i64: 4, 4, 2>,
                               window = array<i64: 2, 2, 2, 2, 0, 0, 2, 2>}
        : (tensor<8x32xf32>) -> tensor<8x8xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, DenseI64ArrayAttr:$image, DenseI64ArrayAttr:$window);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Lepton_AvgPool2DGradOp : Lepton_WindowOp<"avgpool2d_grad"> {
  let summary = "VJP of avgpool2d: each window's cotangent shared over its positions";
  let description = [{
    `dx = avgpool2d_grad(dy)`: (B, OH·OW·C) -> (B, H·W·C); each input position receives
    dy / count of every window that covers it.

    ```mlir
    %dx = lepton.avgpool2d_grad %dy {image = array<i64: 4, 4, 2>,
                                      window = array<i64: 2, 2, 2, 2, 0, 0, 2, 2>}
        : (tensor<8x8xf32>) -> tensor<8x32xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Matrix:$input, DenseI64ArrayAttr:$image, DenseI64ArrayAttr:$window);
  let results = (outs Lepton_F32Matrix:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Lepton_ReshapeOp : Lepton_Op<"reshape",
    [Pure, DeclareOpInterfaceMethods<Lepton_DifferentiableOpInterface>]> {
  let summary = "the same elements in row-major order, another static shape";
  let description = [{
    Reinterprets a tensor with static shape as another static shape with as many elements
    (free after bufferization). Conv2d uses it for its 4-D weight as a matrix and its output
    rows as images. VJP: the reshape back.

    ```mlir
    %w2 = lepton.reshape %w : (tensor<3x3x1x32xf32>) -> tensor<9x32xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$input);
  let results = (outs Lepton_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // LEPTON_WINDOW_OPS_TD
