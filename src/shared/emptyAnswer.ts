// What an empty answer is, in the words every view gives it: an ARC model answers an empty grid when it puts
// end-of-row in the first cell of its canvas. A legitimate result, shown as such rather than as a blank.

export const EMPTY_ANSWER = 'empty: end-of-row at the first cell';
