/**
 * Mehlig §4.4's XOR patterns [−1,−1,−1], [1,1,−1], [−1,1,1], [1,−1,1] as 0/1 bits (x1, x2, y = x1 XOR x2).
 * Same text as xor.csv (a test keeps them equal); embedded so tsx, vitest and the bundle load it without a file read.
 */
export const XOR_CSV =
  '# XOR patterns of Mehlig §4.4, [-1,-1,-1] [1,1,-1] [-1,1,1] [1,-1,1], as 0/1 bits: y = x1 XOR x2\n' +
  'x1,x2,y\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n';
