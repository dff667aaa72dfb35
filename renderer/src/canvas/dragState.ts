/** Whether nodes are being dragged right now (set by the canvas; edges use it to postpone their obstacle checks). */
export const dragState = { active: false };
