-- Seat labels sort the way people read them: numbers inside a label compare as numbers
-- (2桌 before 10桌, A-9 before A-10) and Chinese in pinyin order. Used by the printed
-- attendee lists ordered by seat.
CREATE COLLATION IF NOT EXISTS zh_natural (provider = icu, locale = 'zh-u-kn-true');
