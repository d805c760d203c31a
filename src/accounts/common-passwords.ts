// Passwords that appear at the top of every published list of leaked passwords, and their
// usual lengthenings. Checked case-insensitively; anything of twelve characters or more
// that is on this list, or is one of these repeated, is refused.
export const commonPasswords: readonly string[] = [
  '123456', '123456789', '12345678', 'password', 'qwerty', '123123', '111111', '1234567890', '1234567', 'qwerty123',
  '000000', '1q2w3e', 'aa12345678', 'abc123', 'password1', '1234', 'qwertyuiop', '123321', 'password123', '1q2w3e4r5t',
  'iloveyou', '654321', '666666', '987654321', '123', '123456a', 'qwe123', '1q2w3e4r', '7777777', '1qaz2wsx',
  '123qwe', 'zxcvbnm', '121212', 'asdasd', 'a123456', '555555', 'dragon', '112233', '123123123', 'monkey',
  '11111111', 'qazwsx', '159753', 'asdfghjkl', '222222', '1234qwer', 'qwerty1', '123654', '123abc', 'asdfgh',
  '777777', 'aaaaaa', 'myspace1', '88888888', 'fuckyou', '123456789a', '999999', '888888', 'football', 'princess',
  'sunshine', 'welcome', 'admin', 'admin123', 'letmein', 'master', 'shadow', 'baseball', 'superman', 'michael',
  'charlie', 'trustno1', 'passw0rd', 'starwars', 'whatever', 'hello123', 'freedom', 'login', 'batman', 'access',
  'qwertyuiopasdfghjkl', 'qwertyuiop123', 'qwerty123456', 'password1234', 'password12345', 'password123456',
  'passwordpassword', 'iloveyou123', 'iloveyouiloveyou', '123456789012', '1234567890123', '12345678901234',
  '123456123456', '111111111111', '000000000000', '123123123123', 'abcdefghijkl', 'abcdefg12345', 'abc123abc123',
  'administrator', 'administrator1', 'welcome12345', 'welcome123456', 'letmein12345', 'changeme', 'changeme123',
  'changeme1234', 'p@ssw0rd', 'p@ssword', 'p@ssw0rd1234', 'p@ssw0rd12345', 'zaq12wsx', 'zaq1zaq1', '1qaz2wsx3edc',
  '1qaz2wsx3edc4rfv', 'q1w2e3r4t5y6', 'qwer1234qwer', 'asdf1234asdf', 'zxcvbnm12345', 'asdfghjkl123',
  'qazwsxedc', 'qazwsxedcrfv', 'trustno1trustno1', 'monkey123456', 'dragon123456', 'football1234', 'baseball1234',
  'superman1234', 'sunshine1234', 'princess1234', 'computer', 'internet', 'samsung', 'google', 'default',
  'secret', 'secret123', 'root', 'toor', 'test', 'test1234', 'testtest', 'guest', 'user', 'pass', 'pass1234',
  // Japanese sites: romanised words and keyboard runs seen in Japanese leak lists.
  'nippon', 'tokyo', 'sakura', 'doraemon', 'pokemon', 'naruto', 'arigatou', 'daisuki', 'kawaii', 'kawaraban',
  'himitsu', 'password1!', 'jp123456', 'tokyo2020', 'sakura123456', 'doraemon1234', 'pokemon12345',
];
