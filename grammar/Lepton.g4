// Lepton.g4 — the grammar of Lepton, one .lep file describing a whole ML pipeline.
//
// Only the words of LANGUAGE.md's "Decisions" are keywords; layer, optimizer, env and agent
// kinds, settings and choices are plain identifiers resolved by semantic analysis, so a typo
// gets "did you mean" instead of a syntax error. Expressions are flat (loops, no left
// recursion) so the parse tree is only as deep as the bracket nesting, which the front end
// bounds on the token stream before parsing. Whitespace and newlines are insignificant.
grammar Lepton;

@parser::members {
  /// True when the next token is on the line of the previous one.
  bool sameLine() {
    antlr4::Token *previous = _input->LT(-1), *next = _input->LT(1);
    return previous && next && previous->getLine() == next->getLine();
  }
}

// ---- Program ------------------------------------------------------------------------------
program : decl* EOF ;

decl
  : pipelineDecl
  | datasetDecl
  | externDecl
  | preprocessDecl
  | augmentDecl
  | modelDecl
  | trainDecl
  | envDecl
  | agentDecl
  | exportDecl
  | targetDecl
  ;

// pipeline fashion_mlp
pipelineDecl : PIPELINE name=IDENT ;

// dataset train = idx(images: "…", labels: "…", shape: [28, 28], classes: 10)
// dataset part, held = split(train, valid: 0.1)
datasetDecl : DATASET names+=IDENT (',' names+=IDENT)* '=' source=call ;

// extern dataset live(shape: [4], classes: 3)    — samples supplied by the host application
// extern env pendulum(obs: f32[3], actions: 5)    — reset/step supplied through the C ABI
externDecl : EXTERN what=(DATASET | ENV) name=IDENT '(' argList? ')' ;

// preprocess pixels { scale(1/255) flatten() }
preprocessDecl : PREPROCESS name=IDENT block ;

// augment jitter { random_shift(2) }
augmentDecl : AUGMENT name=IDENT block ;

// model mlp(x: f32[784]) -> f32[10] { dense(128, activation: relu) … }
modelDecl : MODEL name=IDENT '(' input=param ')' '->' output=tensorType block ;
param     : name=IDENT ':' type=tensorType ;

// train mlp on fashion_train | pixels { loss: cross_entropy … }
trainDecl : TRAIN model=IDENT ON data=dataflow block ;
dataflow  : stages+=IDENT ('|' stages+=IDENT)* ;

// env cart = cartpole(max_steps: 500)       (a kind without arguments may omit the parentheses,
//                                           here and in agent and target declarations)
envDecl : ENV name=IDENT '=' (source=call | bare=IDENT) ;

// agent solver: dqn(qnet) on cart { gamma: 0.99 … }
agentDecl : AGENT name=IDENT ':' (kind=call | bare=IDENT) ON env=IDENT block ;

// export mlp as predict
exportDecl : EXPORT what=IDENT AS symbol=IDENT ;

// target cpu(isa: native, threads: 1) { quantize: int8(calibrate: 1000) }
targetDecl : TARGET (kind=call | bare=IDENT) block? ;

// ---- Blocks: a sequence of steps `name(args)` and settings `name: value` -------------------
block : '{' item* '}' ;
item
  : key=IDENT ':' operand (ops+=binaryOp operand)*   # setting
  | call                                               # step
  ;

// ---- Calls and arguments -------------------------------------------------------------------
call    : callee=IDENT '(' argList? ')' ;
// A missing ',' between two arguments or list elements on one line is accepted here and
// reported by the front end ("expected ',' between arguments"), so the rest of the line still
// parses. Across lines it is the closing bracket that is missing: the predicate fails and the
// front end reports "expected ')' after argument list".
argList : arg ((',' | {sameLine()}?) arg)* ','? ;
arg     : (name=IDENT ':')? operand (ops+=binaryOp operand)* ;

tensorType : elem=IDENT '[' dims=exprList ']' ;
exprList   : expr ((',' | {sameLine()}?) expr)* ','? ;

// ---- Constant expressions (double precision), comparisons and data pipes -------------------
// Expressions are a flat list of operands and operators (in a setting, an argument or here);
// the AST builder applies precedence: `* /` over `+ -` over comparisons over `|`. Flat rules
// keep the parse tree small and only as deep as the bracket nesting.
expr     : operand (ops+=binaryOp operand)* ;
binaryOp : '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '|' ;
operand
  : signs+=('-' | '+')*
    ( NUMBER
    | BAD_NUMBER               // "1e": reported by the front end
    | STRING
    | UNTERMINATED_STRING      // reported by the front end
    | TRUE | FALSE
    | ON                       // the value `on` (`fuse: on`)
    | call
    | tensorType
    | IDENT
    | '[' exprList? ']'
    | '(' expr ')'
    )
  ;

// ---- Lexer ---------------------------------------------------------------------------------
PIPELINE   : 'pipeline' ;
DATASET    : 'dataset' ;
PREPROCESS : 'preprocess' ;
AUGMENT    : 'augment' ;
MODEL      : 'model' ;
TRAIN      : 'train' ;
ENV        : 'env' ;
AGENT      : 'agent' ;
EXPORT     : 'export' ;
TARGET     : 'target' ;
EXTERN     : 'extern' ;
ON         : 'on' ;
AS         : 'as' ;
TRUE       : 'true' ;
FALSE      : 'false' ;

LPAREN : '(' ;  RPAREN : ')' ;
LBRACK : '[' ;  RBRACK : ']' ;
LBRACE : '{' ;  RBRACE : '}' ;
COMMA : ',' ;  COLON : ':' ;  ASSIGN : '=' ;  ARROW : '->' ;  PIPE : '|' ;
PLUS : '+' ;  MINUS : '-' ;  STAR : '*' ;  SLASH : '/' ;
LT : '<' ;  LE : '<=' ;  GT : '>' ;  GE : '>=' ;  EQ : '==' ;  NE : '!=' ;

IDENT  : [a-zA-Z_] [a-zA-Z_0-9]* ;
NUMBER : DIGITS ('.' [0-9]*)? EXPONENT? | '.' DIGITS EXPONENT? ;
// "1e", "2.5e-": an exponent without digits. Reported by the front end, parsed as a number.
BAD_NUMBER : (DIGITS ('.' [0-9]*)? | '.' DIGITS) [eE] [+-]? ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// A string that reaches the end of its line. Reported by the front end, parsed as a string.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'+ '/' -> skip ;
WS            : [ \t\r\n\f]+ -> skip ;

// Tokens the parser never sees: the front end reports them before parsing (channel 2).
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* -> channel(2) ;
INVALID              : . -> channel(2) ;
