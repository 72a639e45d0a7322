// Whether sharing with the partner is open: closed once a parting is recorded (the
// backend then writes nothing new to the couple space), so no screen offers it.
export const sharing = $state({ closed: false });
